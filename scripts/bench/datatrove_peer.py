#!/usr/bin/env python3
"""The peer of scripts/bench/annotate.sh: datatrove on the same zstd shards, one process.
  read   SHARDS OUT          JsonlReader alone (documents are counted, nothing written)
  gopher SHARDS OUT          JsonlReader + GopherQualityFilter + ParquetWriter
"""
import os
import sys

from datatrove.data import DocumentsPipeline
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.readers import JsonlReader

mode, shards, out = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)


class Count(PipelineStep):
    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        n = 0
        for _ in data:
            n += 1
        print(f"{n} documents")
        return
        yield


reader = JsonlReader(shards, glob_pattern="*.jsonl.zst", compression="zstd", text_key="text", id_key="id")
if mode == "read":
    steps = [reader, Count()]
else:
    from datatrove.pipeline.filters import GopherQualityFilter
    from datatrove.pipeline.writers import ParquetWriter
    steps = [reader, GopherQualityFilter(), ParquetWriter(out)]
LocalPipelineExecutor(pipeline=steps, tasks=1, workers=1, logging_dir=os.path.join(out, "logs")).run()
