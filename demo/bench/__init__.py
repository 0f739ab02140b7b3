"""The synthetic benchmark data set behind `manage.py generate_bench_data`."""
