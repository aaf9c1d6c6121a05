"""Data layer of the Kansai 稼ぎ頭 project map: projects table, N03 boundaries, join.

Pure Python over (Geo)DataFrames; no Streamlit here.
"""
