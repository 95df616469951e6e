// tests/wsdl/drawing.wsdl served by node-soap 1.13 on 127.0.0.1 for
// tests/e2e/tests/node_substitution_groups.rs. node-soap knows nothing of substitution groups:
// it hands the service each Body child under its own name, and writes answer keys as element
// names, which is what lets it take and give any member of the group. It knows nothing of
// xs:redefine either (Restyle): the facade must send and read the redefined types.
// Usage: node node-drawing.js WSDL PORT
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');
const soap = require(path.join(__dirname, 'node', 'node_modules', 'soap'));

const [wsdlPath, port] = process.argv.slice(2);
const wsdl = fs.readFileSync(wsdlPath, 'utf8');

const drawing = {
  Measure(args) {
    const all = (x) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
    const shapes = [
      ...all(args.circle).map((c) => ['circle', c, Math.PI * c.radius * c.radius]),
      ...all(args.rect).map((r) => ['rect', r, r.width * r.height]),
      ...all(args.square).map((s) => ['square', s, s.width * s.height]),
    ];
    const answer = { count: shapes.length, area: shapes.reduce((sum, s) => sum + s[2], 0) };
    if (shapes.length > 0) {
      const [kind, value] = shapes.reduce((a, b) => (b[2] > a[2] ? b : a));
      answer[kind] = value;
    }
    // A note comes back as a remark, and a remark as a note.
    if (args.note !== undefined) answer.remark = `noted: ${args.note}`;
    if (args.remark !== undefined) answer.note = `remarked: ${args.remark}`;
    return answer;
  },
  // Names the members it received (a layout's shape, the shapes or `blank`), and echoes the
  // layout, its shape under the element name it came as.
  Arrange(args) {
    const kinds = (o) => ['circle', 'rect', 'square'].filter((k) => o[k] !== undefined);
    const count = (o, k) => (o[k] === undefined ? 0 : Array.isArray(o[k]) ? o[k].length : 1);
    const given = kinds(args).map((k) => `${k}x${count(args, k)}`);
    const rest = args.blank !== undefined ? `blank:${args.blank}` : given.join(',');
    const summary = `layout:${kinds(args.layout).join(',')} title:${args.layout.title ?? '-'} ${rest}`;
    return { summary, layout: args.layout };
  },
  Restyle(args) {
    const style = args.style;
    return { style: { color: style.color, width: Number(style.width ?? 1) * 2 } };
  },
};

const server = http.createServer((req, res) => {
  res.statusCode = 404;
  res.end();
});
server.listen(Number(port), '127.0.0.1', () => {
  soap.listen(server, {
    path: '/drawing',
    services: { Drawing: { DrawingPort: drawing } },
    xml: wsdl,
  });
});
