"""``python -m govgraph``, and the file ``spark-submit`` runs: the ``govgraph`` command."""

from govgraph.cli import main

if __name__ == "__main__":
    main(prog_name="govgraph")
