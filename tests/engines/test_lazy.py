import subprocess
import sys

# Run where datatrove and pyspark cannot be imported (None in sys.modules makes an import fail), as on a
# machine without the extras: taosha, its engines package and `taosha classify` must still work.
WITHOUT_EXTRAS = """
import sys
sys.modules.update(datatrove=None, pyspark=None, pandas=None)
import taosha, taosha.api, taosha.cli, taosha.engines
sys.exit(taosha.cli.main(["classify", "-", "--model", sys.argv[1]]))
"""


def test_taosha_works_without_the_engine_extras(trained_model_dir):
    run = subprocess.run([sys.executable, "-c", WITHOUT_EXTRAS, str(trained_model_dir)], check=False,
                         input="第一行\n第二行\n", capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    assert len(run.stdout.splitlines()) == 2
