from app.cli import main

raise SystemExit(main(prog="python -m app"))
