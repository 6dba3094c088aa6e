// The bench's figures as one SVG: horizontal bars per measurement, with the
// targets drawn in. Generated from the JSON result (no external service).

const W = 900;
const LABEL_W = 250;
const BAR_W = 390;
const ROW_H = 26;
const TESSERA = "#3b6fd8";
const TESSERA_LIGHT = "#8fb0ef";
const PEER = "#9aa0a6";
const TARGET = "#d93025";

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const kb = (bytes) => `${fmt(bytes / 1000)} KB`;

function panel(y, title, subtitle, rows, { max, target, targetLabel, unit }) {
  const out = [];
  out.push(`<text x="20" y="${y + 18}" class="h">${esc(title)}</text>`);
  if (subtitle) out.push(`<text x="20" y="${y + 36}" class="s">${esc(subtitle)}</text>`);
  let yy = y + 50;
  const scale = (v) => (max > 0 ? (v / max) * BAR_W : 0);
  for (const row of rows) {
    out.push(`<text x="${LABEL_W - 10}" y="${yy + 17}" class="l" text-anchor="end">${esc(row.label)}</text>`);
    let x = LABEL_W;
    for (const seg of row.segments) {
      const w = Math.max(1, scale(seg.value));
      out.push(`<rect x="${fmt(x, 2)}" y="${yy + 4}" width="${fmt(w, 2)}" height="${ROW_H - 8}" fill="${seg.color}"><title>${esc(seg.title || "")}</title></rect>`);
      x += w;
    }
    out.push(`<text x="${fmt(x + 6, 2)}" y="${yy + 17}" class="v">${esc(row.note)}</text>`);
    yy += ROW_H;
  }
  if (target !== undefined && target <= max) {
    const tx = LABEL_W + scale(target);
    out.push(`<line x1="${fmt(tx, 2)}" y1="${y + 46}" x2="${fmt(tx, 2)}" y2="${yy}" stroke="${TARGET}" stroke-width="1.5" stroke-dasharray="5 4"/>`);
    out.push(`<text x="${fmt(tx + 4, 2)}" y="${yy + 12}" class="t">${esc(targetLabel)}</text>`);
    yy += 14;
  }
  return { svg: out.join("\n"), bottom: yy + 18, unit };
}

/** The SVG for one bench result (the object written to latest.json). */
export function chart(result) {
  const parts = [];
  let y = 56;
  const s = result.size;
  const t = s.tessera;
  const p = s.peers;
  const sizeRows = [
    { label: "Tessera .wasm + glue", segments: [{ value: t.wasm.gzip, color: TESSERA, title: `.wasm ${kb(t.wasm.gzip)}` }, { value: t.glue.gzip, color: TESSERA_LIGHT, title: `glue ${kb(t.glue.gzip)}` }], note: `${kb(t.shipped.gzip)} (.wasm ${fmt(t.wasm.gzip / 1000)} + glue ${fmt(t.glue.gzip / 1000)})` },
    { label: "Tessera script-tag build", segments: [{ value: t.scriptTag.gzip, color: TESSERA_LIGHT }], note: kb(t.scriptTag.gzip) },
    { label: "card-validator + credit-card-type", segments: [{ value: p.cardValidator.gzip, color: PEER }], note: `${kb(p.cardValidator.gzip)} (validation only)` },
    { label: "braintree-web client.js", segments: [{ value: p.braintreeClient.gzip, color: PEER }], note: kb(p.braintreeClient.gzip) },
    { label: "braintree-web hosted-fields.js", segments: [{ value: p.braintreeHostedFields.gzip, color: PEER }], note: kb(p.braintreeHostedFields.gzip) },
  ];
  const sizeMax = Math.max(...sizeRows.map((r) => r.segments.reduce((a, b) => a + b.value, 0)), 20_000) * 1.05;
  let pnl = panel(y, "Shipped size, gzip -9", "smaller is better; minified JS; the .wasm after wasm-opt -Oz", sizeRows, { max: sizeMax, target: 20_000, targetLabel: "target: 20 KB" });
  parts.push(pnl.svg);
  y = pnl.bottom;

  const v = result.validation;
  const valRows = [];
  for (const [env, r] of [["Node", v.node], ["Chromium", v.chromium]]) {
    if (!r) continue;
    valRows.push({ label: `${env}: Tessera`, segments: [{ value: r.tessera.opsPerSec, color: TESSERA }], note: `${fmt(r.tessera.opsPerSec / 1e6, 2)} M ops/s, ${fmt(r.ratio, 2)}× card-validator` });
    const kinds = r.perKind ? ` · Tessera by kind: numbers ${fmt(r.perKind.number.ratio, 1)}×, expiries ${fmt(r.perKind.expiry.ratio, 1)}×, codes ${fmt(r.perKind.cvc.ratio, 1)}×` : "";
    valRows.push({ label: `${env}: card-validator`, segments: [{ value: r.cardValidator.opsPerSec, color: PEER }], note: `${fmt(r.cardValidator.opsPerSec / 1e6, 2)} M ops/s${kinds}` });
  }
  const valMax = Math.max(...valRows.map((r) => r.segments[0].value)) * 1.05;
  pnl = panel(y, "Validation speed, operations per second (median)", `larger is better; ${v.node ? v.node.inputs : "?"} mixed inputs per round, JS→wasm call included; target 3× card-validator`, valRows, { max: valMax });
  parts.push(pnl.svg);
  y = pnl.bottom;

  const su = result.startup;
  const suRows = Object.entries(su.kinds).map(([name, k]) => ({
    label: k.label,
    segments: [{ value: k.median, color: name.startsWith("tessera") ? TESSERA : PEER }],
    note: `${fmt(k.median, 1)} ms`,
  }));
  const suMax = Math.max(...suRows.map((r) => r.segments[0].value)) * 1.05;
  pnl = panel(y, "Start-up to a ready API, headless Chromium (median ms)", `smaller is better; ${su.runs} cold runs each, new browser context per run`, suRows, { max: suMax });
  parts.push(pnl.svg);
  y = pnl.bottom;

  const tk = result.tokenization;
  const tkRows = [
    { label: "Tessera createToken, median", segments: [{ value: tk.tessera.median, color: TESSERA }], note: `${fmt(tk.tessera.median, 2)} ms` },
    { label: "raw fetch(), median", segments: [{ value: tk.rawFetch.median, color: PEER }], note: `${fmt(tk.rawFetch.median, 2)} ms` },
    { label: "Tessera createToken, p95", segments: [{ value: tk.tessera.p95, color: TESSERA_LIGHT }], note: `${fmt(tk.tessera.p95, 2)} ms` },
    { label: "raw fetch(), p95", segments: [{ value: tk.rawFetch.p95, color: PEER }], note: `${fmt(tk.rawFetch.p95, 2)} ms` },
  ];
  const tkMax = Math.max(...tkRows.map((r) => r.segments[0].value)) * 1.05;
  pnl = panel(y, "Tokenization round trip against the sandbox (ms)", `cross-origin, ${tk.rounds} interleaved pairs; Tessera − raw fetch per pair: median ${fmt(tk.difference.median, 3)} ms, p95 ${fmt(tk.difference.p95, 3)} ms (target < 0.3 ms median)`, tkRows, { max: tkMax });
  if (tk.stubbed) {
    parts.push(pnl.svg);
    pnl = { svg: `<text x="20" y="${pnl.bottom - 4}" class="s">With fetch answered in the page (no network): createToken ${fmt(tk.stubbed.tessera.median, 3)} ms vs fetch + json() ${fmt(tk.stubbed.rawFetch.median, 3)} ms (medians)</text>`, bottom: pnl.bottom + 14 };
  }
  parts.push(pnl.svg);
  y = pnl.bottom;

  const m = result.memory.chromium;
  const mb = (b) => `${fmt(b / 1048576, 2)} MiB`;
  parts.push(`<text x="20" y="${y + 18}" class="h">Wasm linear memory (Chromium)</text>`);
  parts.push(`<text x="20" y="${y + 40}" class="l">before ${mb(m.before.memoryBytes)} → after ${m.validations.toLocaleString("en")} validations ${mb(m.afterValidations.memoryBytes)} → after ${m.tokenizations.toLocaleString("en")} tokenizations ${mb(m.afterTokenizations.memoryBytes)} → after the same again ${mb(m.afterSecondBatch.memoryBytes)}</text>`);
  y += 60;

  const head = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y + 10}" viewBox="0 0 ${W} ${y + 10}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">`,
    `<style>.h{font-size:15px;font-weight:600;fill:#202124}.s{font-size:11.5px;fill:#5f6368}.l{font-size:12.5px;fill:#202124}.v{font-size:12px;fill:#202124}.t{font-size:11px;fill:${TARGET}}</style>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="20" y="28" font-size="19" font-weight="700" fill="#202124">Tessera bench</text>`,
    `<text x="${W - 20}" y="28" text-anchor="end" class="s">${esc(result.meta.date.slice(0, 10))} · ${esc(result.meta.commit)} · ${esc(result.meta.chromium)} · Node ${esc(result.meta.node)}${result.meta.quick ? " · QUICK" : ""}</text>`,
  ];
  return [...head, ...parts, "</svg>", ""].join("\n");
}
