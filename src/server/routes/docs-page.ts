/**
 * A human-readable API reference rendered on the server from the OpenAPI document itself, so it
 * can never drift from the routes and needs no script or CDN (the city's officers may read it
 * on an intranet without internet).
 */
type OpenApiDoc = {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, OpenApiOperation | undefined> | undefined>;
};
type OpenApiOperation = {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string }>;
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function renderDocsPage(document: unknown): string {
  const doc = document as OpenApiDoc;
  const sections: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(methods ?? {})) {
      if (!op) continue;
      const params = (op.parameters ?? [])
        .map(
          (p) =>
            `<li><code>${escapeHtml(p.name)}</code> (${escapeHtml(p.in)}${p.required ? ', required' : ''})${p.description ? ` — ${escapeHtml(p.description)}` : ''}</li>`,
        )
        .join('');
      const body = op.requestBody?.content?.['application/json']?.schema;
      const responses = Object.entries(op.responses ?? {})
        .map(
          ([status, r]) =>
            `<li><strong>${escapeHtml(status)}</strong> ${escapeHtml(r.description ?? '')}</li>`,
        )
        .join('');
      sections.push(`<section id="${escapeHtml(`${method}-${path}`)}">
<h2><span class="m ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h2>
<p>${escapeHtml(op.summary ?? '')}${op.security && op.security.length > 0 ? ' <em>(bearer token)</em>' : ''}</p>
${op.description ? `<p>${escapeHtml(op.description)}</p>` : ''}
${params ? `<h3>Parameters</h3><ul>${params}</ul>` : ''}
${body ? `<h3>Request body</h3><pre>${escapeHtml(JSON.stringify(body, null, 2))}</pre>` : ''}
<h3>Responses</h3><ul>${responses}</ul>
</section>`);
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)} — API</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1b1f24}
h1{margin-bottom:0}section{border-top:1px solid #d0d7de;padding:.5rem 0}
h2{font-size:1.1rem}h3{font-size:.95rem;margin:.5rem 0 .25rem}
pre{background:#f6f8fa;padding:.75rem;overflow:auto;font-size:.8rem;max-height:24rem}
.m{display:inline-block;min-width:4rem;padding:0 .4rem;border-radius:4px;color:#fff;background:#57606a;font-size:.85rem;text-align:center}
.get{background:#0969da}.post{background:#1a7f37}.put{background:#9a6700}.delete{background:#cf222e}
</style></head><body>
<h1>${escapeHtml(doc.info.title)}</h1>
<p>Version ${escapeHtml(doc.info.version)}. ${escapeHtml(doc.info.description ?? '')}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
<p>Other departments’ systems: read the <a href="/api/v1/docs">city API guide (/api/v1/docs)</a> —
read-only access with a token from the coordinator, in any programming language.</p>
${sections.join('\n')}
</body></html>`;
}
