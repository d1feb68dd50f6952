#!/usr/bin/env python3
"""A quick report of an annotation folder with DuckDB: composition by source and domain, and the
mean of every criterion per domain. `dataman stats` will supersede it."""
import os
import sys

import duckdb

out = sys.argv[1] if len(sys.argv) > 1 else "annotations"
files = os.path.join(out, "**", "*.parquet")
duckdb.sql(f"""
    select source, domain, count(*) as docs, sum(tokens) as tokens,
           round(avg(overall_score), 2) as overall, count(error) as errors
    from '{files}' group by all order by source, docs desc""").show(max_rows=200, max_width=160)
duckdb.sql(f"""
    select domain, count(*) as docs,
           round(avg(accuracy), 2) as acc, round(avg(coherence), 2) as coh,
           round(avg(language_consistency), 2) as lang, round(avg(semantic_density), 2) as dens,
           round(avg(knowledge_novelty), 2) as nov, round(avg(topic_focus), 2) as focus,
           round(avg(creativity), 2) as crea, round(avg(professionalism), 2) as prof,
           round(avg(style_consistency), 2) as style, round(avg(grammatical_diversity), 2) as gram,
           round(avg(structural_standardization), 2) as struct, round(avg(originality), 2) as orig,
           round(avg(sensitivity), 2) as sens, round(avg(overall_score), 2) as overall
    from '{files}' where error is null group by domain order by docs desc""").show(max_rows=200, max_width=200)
