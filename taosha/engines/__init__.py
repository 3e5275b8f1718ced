"""Adapters that run taosha inside cluster engines: `datatrove_step` (datatrove) and `spark_job` (Spark).

Each needs its optional extra (`pip install "taosha[datatrove]"`, `"taosha[spark]"`) and is imported by its
own module path, never from here, so `import taosha` and `taosha classify` work without either engine. Both
call `taosha.api` and nothing below it: they clean exactly as `taosha classify` does.
"""
