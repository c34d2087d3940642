"""solieu on Spark: a JSON Lines dump in, figures out as parquet partitioned by year.

    spark.read.json(DUMP) → mapInArrow(solieu.extract per Arrow batch)
                          → write.partitionBy("year").parquet(OUT)

Spark does the distributing (files split into tasks, tasks on executors);
each task hands its Arrow record batches of ``id, text, title, published,
source`` to ``solieu.extract`` and gets the figures back as Arrow, with no
Python object per row. The figures are those ``solieu extract DUMP --out DIR
--partition-by-year`` writes, rows in another order: ``source`` is the
dump's file name, as the CLI writes it.

Local run (a machine with Java 17 and ``pip install pyspark ./python``)::

    python python/examples/spark_extract.py corpus.jsonl out/figures --master 'local[*]'

On a cluster, ship the wheel with the job (see the README, "Python and
Spark")::

    spark-submit --master yarn --archives solieu-env.tar.gz#env \\
        --conf spark.pyspark.python=./env/bin/python \\
        python/examples/spark_extract.py hdfs:///dumps/2024/*.jsonl.gz hdfs:///solieu/figures

Records: the CLI's default JSON fields ``id`` (or ``article_id``), ``text``
(or ``content``, ``body``, or ``html``), ``title``, ``published`` (or
``date``, ``published_at``). A record without an id gets the row's position
in its Arrow batch as id, not the CLI's ``file:line``.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Iterator, List, Optional

# The figures columns as Spark types (the CLI's parquet types: Spark
# strings are Arrow utf8, its ints int32, its bigints int64).
FIGURES_DDL = (
    "article_id string, source string, metric string, value double, "
    "value_max double, total double, qualifier string, unit string, "
    "label string, year int, org string, modality string, rule string, "
    "text string, `start` bigint, `end` bigint, sentence string, part_of bigint"
)

# The CLI's JSON field names, first present wins (src/corpus.rs JsonFields).
FIELDS = {
    "id": ["id", "article_id"],
    "text": ["text", "content", "body", "html"],
    "title": ["title"],
    "published": ["published", "date", "published_at"],
}


def figures_of_batches(
    batches: Iterator["pyarrow.RecordBatch"],  # noqa: F821
    rules: Optional[str] = None,
    threads: int = 1,
) -> Iterator["pyarrow.RecordBatch"]:  # noqa: F821
    """The ``mapInArrow`` function: figures of each batch of articles."""
    import pyarrow as pa

    import solieu

    target: Optional[pa.Schema] = None
    for batch in batches:
        figures = solieu.extract(
            batch.column("text"),
            batch.column("id"),
            titles=batch.column("title"),
            published=batch.column("published"),
            sources=batch.column("source"),
            rules=rules,
            threads=threads,
        )
        if target is None:
            # Spark's Arrow strings are utf8 (32-bit offsets).
            target = pa.schema(
                [
                    pa.field(f.name, pa.string() if f.type == pa.large_string() else f.type)
                    for f in figures.schema
                ]
            )
        yield from figures.cast(target).to_batches()


def articles_frame(spark, dump: str):
    """The dump as a DataFrame of ``id, text, title, published, source``."""
    from pyspark.sql import functions as F

    df = spark.read.json(dump)
    present = set(df.columns)

    def first(names: List[str]):
        cols = [F.col(n).cast("string") for n in names if n in present]
        if not cols:
            return F.lit(None).cast("string")
        return cols[0] if len(cols) == 1 else F.coalesce(*cols)

    return df.select(
        first(FIELDS["id"]).alias("id"),
        first(FIELDS["text"]).alias("text"),
        first(FIELDS["title"]).alias("title"),
        first(FIELDS["published"]).alias("published"),
        F.col("_metadata.file_name").alias("source"),
    )


def extract(spark, dump: str, out: str, rules: Optional[str] = None, threads: int = 1) -> None:
    """Read ``dump`` (a file, a folder or a glob of JSON Lines), extract the
    figures on the executors and write them to ``out`` as parquet, one
    folder per year (``year=2024/``, ``year=__HIVE_DEFAULT_PARTITION__/``)."""
    from functools import partial

    articles = articles_frame(spark, dump)
    figures = articles.mapInArrow(
        partial(figures_of_batches, rules=rules, threads=threads), FIGURES_DDL
    )
    figures.write.mode("overwrite").partitionBy("year").parquet(out)


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("dump", help="JSON Lines dump: a file, a folder or a glob (.jsonl, .gz)")
    p.add_argument("out", help="output folder: figures as parquet partitioned by year")
    p.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    p.add_argument("--rules", help="rule pack folder, present on every executor")
    p.add_argument(
        "--threads",
        type=int,
        default=1,
        help="solieu threads per Spark task (default 1: Spark runs a task per core)",
    )
    args = p.parse_args(argv)

    from pyspark.sql import SparkSession

    # In local mode the Python workers are this interpreter (with solieu).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("solieu-extract")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        extract(spark, args.dump, args.out, rules=args.rules, threads=args.threads)
    finally:
        spark.stop()
    print(f"Wrote figures to {args.out}/ (partitioned by year)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
