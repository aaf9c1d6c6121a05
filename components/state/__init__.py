"""The app's state: the only package that touches ``st.session_state`` and ``st.query_params``.

``store`` holds the session state (filters, display, language, embedding, the upload) behind
typed functions, each value under the field registry's names (``geo.fields``) with one input
on the page; ``moves`` and ``selection`` are pure logic over a session mapping; ``url_sync``
keeps the URL as the source of truth for what a link reopens (the codec is ``geo.link``);
``chart_picks`` turns the overview's clicks into filters.
"""
