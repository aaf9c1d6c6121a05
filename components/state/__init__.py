"""The app's state: the only package that touches ``st.session_state`` and ``st.query_params``.

``store`` holds the session state (filters, display, language, embedding, selection) behind
typed functions; ``moves`` and ``selection`` are pure logic over a session mapping; ``options``
defines every choice and default once; ``url_codec`` (pure) and ``url_sync`` keep the URL as
the source of truth for what a link reopens.
"""
