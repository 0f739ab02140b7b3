"""Demo and benchmark data: the Puyang demo (`load_demo`) and a synthetic set (`generate_bench_data`).

This app sits above districts, projects and enterprises: it imports their models and
choices, and nothing of theirs imports from it. The rows it writes are declared in data
files (`demo/data/*.toml`), computed by small builders (`demo/builders/`) and written by
one generic upsert (`demo/upsert.py`).
"""
