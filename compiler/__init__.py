"""regc: a compiler for regulations written as data.

The passes, in order, are listed in `pipeline.py`; the command line is `cli.py`.
"""
__version__ = "0.2.0"
