/// The report's CSS, inlined in the page: system fonts, a light page that prints well.
enum HTMLStyleSheet {
    static let css = """
        :root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --panel: #f6f7f9; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
        main { max-width: 1280px; margin: 0 auto; padding: 24px 28px 60px; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 19px; margin: 36px 0 6px; padding-top: 10px; border-top: 1px solid var(--line); }
        h3 { font-size: 15px; margin: 18px 0 6px; }
        p.note, .muted { color: var(--muted); }
        nav a { margin-right: 14px; color: #2a5db0; text-decoration: none; }
        pre.command { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; white-space: pre-wrap; word-break: break-all; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin: 14px 0; }
        .card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
        .card b { display: block; font-size: 20px; }
        .card span { color: var(--muted); font-size: 12px; }
        dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
        dl.provenance dt { color: var(--muted); }
        dl.provenance dd { margin: 0; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
        .warning { background: #fff4d6; border: 1px solid #e8c766; border-radius: 6px; padding: 6px 10px; margin: 6px 0; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 14px; }
        figure { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; }
        figcaption { font-weight: 600; }
        figure p { margin: 2px 0 0; color: var(--muted); font-size: 12px; }
        svg { display: block; max-width: 100%; height: auto; font-family: inherit; }
        svg text { font-size: 11px; fill: var(--ink); }
        svg text.axis { fill: var(--muted); font-size: 10px; }
        svg text.value { font-size: 10px; fill: var(--muted); }
        svg text.cell { font-size: 11px; }
        svg line.grid { stroke: var(--line); stroke-width: 1; }
        svg rect.documents { stroke-width: 0; }
        svg rect.tokens { fill-opacity: 0.4; stroke-width: 1; }
        svg.bars rect.documents { fill: #3b6fb6; fill-opacity: 1; }
        svg.bars rect.tokens { fill: #2a9d8f; fill-opacity: 1; }
        svg.bars rect.exact { fill: #3b6fb6; }
        svg.bars rect.within-one { fill: #92c5de; }
        tr.summary td { font-weight: 600; }
        .legend { display: inline-flex; gap: 16px; align-items: center; color: var(--muted); font-size: 12px; }
        .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px; margin-right: 4px; }
        .scroll { overflow-x: auto; }
        .pair { display: flex; flex-wrap: wrap; gap: 24px; }
        table { border-collapse: collapse; }
        th, td { text-align: left; padding: 3px 10px; border-bottom: 1px solid var(--line); }
        td.count { text-align: right; font-variant-numeric: tabular-nums; }
        details { border: 1px solid var(--line); border-radius: 8px; padding: 6px 12px; margin: 8px 0; }
        summary { cursor: pointer; font-weight: 600; }
        .example { border-left: 4px solid var(--line); padding: 4px 10px; margin: 6px 0; }
        .example pre { margin: 4px 0 0; white-space: pre-wrap; word-break: break-word; font-size: 12px; max-height: 12em; overflow: hidden; }
        .example .meta { font-size: 12px; color: var(--muted); }
        footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
        """
}
