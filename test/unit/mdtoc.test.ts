// Edge cases of server/src/parse/mdtoc/: what `mdtoc --inplace --max-depth=5 --dryrun`
// (kubernetes-sigs/mdtoc v1.4.0 on gomarkdown 4d01890c35c0) reports for one file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkToc, tocRegionText } from '../../server/src/parse/mdtoc/toc.js';
import { enhancementsDir } from '../support/paths.js';

/** The TOC generated for `body` placed after an (empty) pair of markers. */
function toc(body: string, maxDepth = 5): string {
  return checkToc('<!-- toc -->\n<!-- /toc -->\n' + body, maxDepth).expected;
}

// ---- what is a heading (parser/block.go) -------------------------------------------------------

test('ATX heading needs a space after the #s (SpaceHeadings): #Heading and #<tab>x are text', () => {
  assert.equal(toc('#Heading\n#\tTab\n\n## Real\n'), '- [Real](#real)');
});

test('seven #s is not a heading', () => {
  assert.equal(toc('####### Seven\n\n## Real\n'), '- [Real](#real)');
});

test('trailing #s are stripped, but not when spaces follow them, nor an escaped #', () => {
  assert.equal(toc('## Title ##\n'), '- [Title](#title)');
  // prefixHeading strips '#' before it strips spaces
  assert.equal(toc('## Other #####   \n'), '- [Other #####](#other-)');
  assert.equal(toc('## C\\#\n'), '- [C#](#c)');
});

test('{#custom-id} is cut from the label with the rest of the line and never used as anchor', () => {
  assert.equal(toc('## Foo {#custom} trailing text\n'), '- [Foo](#foo)');
  // only up to the '}' is consumed: what follows starts a new block
  assert.equal(toc('## A {#x}## B\n'), '- [A](#a)\n- [B](#b)');
});

test('setext headings: === is H1, --- is H2 (under a paragraph line)', () => {
  assert.equal(toc('Title\n=====\n\nSub\n---\n'), '- [Title](#title)\n  - [Sub](#sub)');
});

test('headings inside closed fenced code blocks (``` and ~~~) are not headings', () => {
  assert.equal(toc('```\n## Not\n```\n\n~~~\n## Not2\n~~~\n\n## Yes\n'), '- [Yes](#yes)');
});

test('a fence that never closes, or whose info string has a space, is not a code block', () => {
  assert.equal(toc('```\n## Shown\n'), '- [Shown](#shown)');
  assert.equal(toc('```go title\n## Shown\n```\n'), '- [Shown](#shown)');
});

test('headings inside indented code blocks (4 spaces or a tab) are not headings', () => {
  assert.equal(toc('    ## Not\n\n\t## Not2\n\n## Yes\n'), '- [Yes](#yes)');
});

test('an HTML comment block at column 0 whose --> is followed only by blanks hides headings', () => {
  assert.equal(toc('<!--\n## Hidden\n-->\n\n## Shown\n'), '- [Shown](#shown)');
  assert.equal(toc('<!--\n## Hidden\n-->   \n'), '');
});

test('an HTML comment is not a block when text follows -->, when indented, or with no newline after', () => {
  assert.equal(toc('<!--\n## Visible\n--> trailing\n'), '- [Visible](#visible)');
  assert.equal(toc('  <!--\n## Visible\n-->\n'), '- [Visible](#visible)');
  assert.equal(toc('<!--\n## Visible\n-->'), '- [Visible](#visible)');
});

test('HTML blocks: a block tag closed by </tag> plus a blank line hides headings; others do not', () => {
  assert.equal(toc('<div>\n\n## Hidden\n\n</div>\n\n## Shown\n'), '- [Shown](#shown)');
  assert.equal(toc('<details>\n\n## Visible\n\n</details>\n'), '- [Visible](#visible)');
  assert.equal(toc('<div>\n## Visible\n</div>\ntext\n'), '- [Visible](#visible)');
});

test('headings inside list items and blockquotes are found', () => {
  assert.equal(
    toc('- item\n  ## In item\n\n> ## Quoted\n\n1. one\n\n    ## Indented in item\n'),
    '- [In item](#in-item)\n- [Quoted](#quoted)\n- [Indented in item](#indented-in-item)',
  );
});

test('an unindented fence line ends a list item, so the fenced block hides what looks like headings', () => {
  assert.equal(toc('- item\n```yaml\n- a\n# comment\n- b\n```\n\n## After\n'), '- [After](#after)');
});

test('a block starting with --- swallows everything up to the next --- (mmark title block hook)', () => {
  assert.equal(toc('## A\n\n---\n\n## Swallowed\n\n---\n\n## C\n'), '- [A](#a)\n- [C](#c)');
  assert.equal(toc('---\n\n## B\n\n***\n\n## C\n'), '- [B](#b)\n- [C](#c)');
});

test('a table swallows following lines that contain a pipe', () => {
  assert.equal(toc('a | b\n--- | ---\n## x | y\n\n## Real\n'), '- [Real](#real)');
});

test('`.# Special` headings (always on upstream) count as level 1', () => {
  assert.equal(toc('.# Abstract\n## Body\n'), '- [Abstract](#abstract)\n  - [Body](#body)');
});

// ---- labels (parser/inline.go + html/renderer.go) ----------------------------------------------

test('label: code spans render as <code>', () => {
  assert.equal(toc('## The `kubectl` command\n'), '- [The <code>kubectl</code> command](#the-kubectl-command)');
});

test('label: inline links render as <a href>, with title when given', () => {
  assert.equal(toc('## See [docs](https://k8s.io/docs) now\n'), '- [See <a href="https://k8s.io/docs">docs</a> now](#see-docs-now)');
  assert.equal(toc('## [x](http://y "T")\n'), '- [<a href="http://y" title="T">x</a>](#x)');
});

test('label: bare URLs are autolinked (closing parenthesis left outside)', () => {
  assert.equal(
    toc('## Changes to API (https://pkg.go.dev/k8s.io/api)\n'),
    '- [Changes to API (<a href="https://pkg.go.dev/k8s.io/api">https://pkg.go.dev/k8s.io/api</a>)](#changes-to-api-httpspkggodevk8sioapi)',
  );
});

test('label: <scheme:...> autolinks, mailto text stripped', () => {
  assert.equal(
    toc('## Ask <mailto:a@b.io> or <http://x.io>\n'),
    '- [Ask <a href="mailto:a@b.io">a@b.io</a> or <a href="http://x.io">http://x.io</a>](#ask-abio-or-httpxio)',
  );
});

test('label: reference and shortcut links resolve against definitions anywhere, even later', () => {
  assert.equal(
    toc('## Uses [Foo][foo] and [bar]\n\n[foo]: https://foo.example "Foo Title"\n[bar]: /bar\n'),
    '- [Uses <a href="https://foo.example" title="Foo Title">Foo</a> and <a href="/bar">bar</a>](#uses-foo-and-bar)',
  );
});

test('label: emphasis, strong, strikethrough; no intra-word emphasis', () => {
  assert.equal(
    toc('## *em* **strong** _u_ ~~del~~ ~single~ my_var_name\n'),
    '- [<em>em</em> <strong>strong</strong> <em>u</em> <del>del</del> <em>single</em> my_var_name](#em-strong-u-del-single-my_var_name)',
  );
});

test('label: & < > " are escaped; no smart quotes', () => {
  assert.equal(toc('## a & b < c > d "e" it\'s\n'), '- [a &amp; b &lt; c &gt; d &quot;e&quot; it\'s](#a--b--c--d-e-its)');
});

test('label: -> renders as -&gt;', () => {
  assert.equal(toc('## Alpha -> Beta\n'), '- [Alpha -&gt; Beta](#alpha---beta)');
});

test('label: &amp; becomes &, other named entities stay literal (and get escaped), numeric ones decode', () => {
  assert.equal(toc('## A &amp; B &lt; &#35;1\n'), '- [A &amp; B &amp;lt; #1](#a--b-lt-1)');
});

// ---- a fence in a quote (issue 9.B1) -----------------------------------------------------------

test('a > line right under a paragraph line starts a quote, and a fence opened in it runs to the next bare fence line', () => {
  // quote() looks for a fence at every column, and its closer among bare lines only: "> ```"
  // does not close it, so "Middle" is inside the code block until the bare "```" of the next one.
  const body = (gap: string): string => `# T\n\nSome text:\n${gap}> \`\`\`yaml\n> a: b\n> \`\`\`\n\n## Middle\n\n\`\`\`\ncode\n\`\`\`\n\n## After\n`;
  assert.equal(toc(body('')), '- [T](#t)\n  - [After](#after)');
  // After a blank line the quote is parsed the same way.
  assert.equal(toc(body('\n')), '- [T](#t)\n  - [After](#after)');
});

test('a fence in a quote with no bare fence line after it closes normally, after a paragraph line or a blank line', () => {
  for (const gap of ['', '\n']) {
    assert.equal(toc(`# T\n\nSome text:\n${gap}> \`\`\`yaml\n> a: b\n> \`\`\`\n\n## Middle\n\n## After\n`), '- [T](#t)\n  - [Middle](#middle)\n  - [After](#after)');
  }
});

test('a quote right under a paragraph line is a quote: its headings are found', () => {
  assert.equal(toc('Text\n> ## Quoted\n'), '- [Quoted](#quoted)');
});

test('keps/sig-node/2400-node-swap with a quoted fence right under a paragraph line: the headings up to the next bare fence drop out of the TOC', () => {
  const text = fs.readFileSync(path.join(enhancementsDir, 'keps/sig-node/2400-node-swap/README.md'), 'utf8');
  assert.ok(checkToc(text).upToDate, 'the real README passes verify-toc.sh');
  const variant = text.replace('Swap can be enabled as follows:\n', 'Swap can be enabled as follows:\n> ```yaml\n> failSwapOn: false\n> ```\n');
  assert.notEqual(variant, text);
  const r = checkToc(variant);
  assert.equal(r.upToDate, false, 'verify-toc.sh fails: "changes found"');
  assert.doesNotMatch(r.expected, /\[API Changes\]|\[KubeConfig addition\]/);
  assert.match(r.expected, /\[Enabling swap as an end user\][^\n]*\n\s*- \[CRI Changes\]/);
});

test('label: link text and hrefs decode every HTML5 named reference as Go html.UnescapeString does', () => {
  // Two-code-point references, names outside the Latin-1 set, and the longest legacy prefix of an unknown name.
  assert.equal(toc('## [x &Aopf; &NotEqualTilde; &notit; &ampx &hearts;](/y)\n'), '- [<a href="/y">x 𝔸 ≂̸ ¬it; &amp;x ♥</a>](#x-aopf-notequaltilde-notit-ampx-hearts)');
  // Without a semicolon only the legacy names decode (&copy, not &Aopf).
  assert.equal(toc('## [a](/p?x=1&copy=2&Aopf=3)\n'), '- [<a href="/p?x=1©=2&amp;Aopf=3">a</a>](#a)');
});

test('label: inline HTML is copied raw; an unclosed <b is dropped (tagLength quirk)', () => {
  assert.equal(toc('## Line<br>break\n'), '- [Line<br>break](#linebreak)');
  assert.equal(toc('## a <b c\n'), '- [a  c](#a--c)');
});

test('label: $...$ is inline math (MathJax) and does not feed the anchor', () => {
  assert.equal(toc('## Costs $5 and $6\n'), '- [Costs <span class="math inline">\\(5 and \\)</span>6](#costs-6)');
});

test('label: images render as <img>, alt text feeds the anchor', () => {
  assert.equal(toc('## ![logo](/l.png) Logo\n'), '- [<img src="/l.png" alt="logo" /> Logo](#logo-logo)');
});

// ---- anchors (mdtoc anchorGen) -----------------------------------------------------------------

test('anchor: lower-cased, only ASCII [a-z0-9_- ] kept (non-ASCII letters dropped)', () => {
  assert.equal(toc('## Über Größe 2.0\n'), '- [Über Größe 2.0](#ber-gre-20)');
  assert.equal(toc('## my_var-Name\n'), '- [my_var-Name](#my_var-name)');
});

test('anchor: every space becomes a dash, without collapsing', () => {
  assert.equal(toc('## Upgrade / Downgrade Strategy\n'), '- [Upgrade / Downgrade Strategy](#upgrade--downgrade-strategy)');
});

test('anchor: repeats get -1, -2, …', () => {
  assert.equal(toc('## Alpha\n## Alpha\n## Alpha\n'), '- [Alpha](#alpha)\n- [Alpha](#alpha-1)\n- [Alpha](#alpha-2)');
});

test('anchor: repeats are counted only among headings within the depth limit', () => {
  assert.equal(toc('###### Deep\n## Deep\n## Deep\n'), '- [Deep](#deep)\n- [Deep](#deep-1)');
  assert.equal(toc('###### Deep\n## Deep\n', 0), '        - [Deep](#deep)\n- [Deep](#deep-1)');
});

// ---- TOC assembly (mdtoc GenerateTOC / WriteTOC) -----------------------------------------------

test('base level is the smallest level among the collected headings', () => {
  assert.equal(toc('### Three\n## Two\n'), '  - [Three](#three)\n- [Two](#two)');
  // the comparison trims the whole TOC, so the first line's indentation is not checked
  const r = checkToc('<!-- toc -->\n- [Three](#three)\n- [Two](#two)\n<!-- /toc -->\n### Three\n## Two\n');
  assert.equal(r.upToDate, true);
});

test('headings are collected from the end marker on (the title and anything before are excluded)', () => {
  const r = checkToc('# Title\n\n<!-- toc -->\n- [stale](#stale)\n## Between\n<!-- /toc -->\n\n## Body\n');
  assert.equal(r.expected, '- [Body](#body)');
  assert.equal(r.upToDate, false);
});

test('markers: first occurrence, case-insensitive, even inside code', () => {
  const text = '<!-- TOC -->\n<!-- /Toc -->\n## A\n<!-- toc -->\n- [A](#a)\n<!-- /toc -->\n';
  const r = checkToc(text);
  assert.deepEqual(r.startMarker, { start: 0, end: 12 });
  assert.deepEqual(r.endMarker, { start: 13, end: 26 });
  assert.equal(r.expected, '- [A](#a)'); // the later pair is just an HTML comment
  assert.equal(r.upToDate, false);
  const inCode = checkToc('```\n<!-- toc -->\n```\n<!-- /toc -->\n## A\n');
  assert.equal(inCode.problem, undefined);
  assert.equal(inCode.startMarker?.start, 4);
});

test('markers: HTML-escaped markers do not count; missing start / missing end / end before start', () => {
  assert.equal(checkToc('&lt;!-- toc --&gt;\n<!-- /toc -->\n## A\n').problem, 'missing-start');
  assert.equal(checkToc('<!-- toc -->\n## A\n').problem, 'missing-end');
  const r = checkToc('<!-- /toc -->\n<!-- toc -->\n## A\n');
  assert.equal(r.problem, 'end-before-start');
  assert.equal(r.upToDate, false);
  assert.equal(r.expected, '- [A](#a)');
});

test('up to date: surrounding whitespace is ignored, anything else is byte-exact', () => {
  const body = '\n## A\n### B\n';
  assert.equal(checkToc('<!-- toc -->\n\n- [A](#a)\n  - [B](#b)\n\n<!-- /toc -->' + body).upToDate, true);
  assert.equal(checkToc('<!-- toc -->\n- [A](#a)\n    - [B](#b)\n<!-- /toc -->' + body).upToDate, false);
  assert.equal(checkToc('<!-- toc -->\n- [A](#a) \n  - [B](#b)\n<!-- /toc -->' + body).upToDate, false);
  assert.equal(checkToc('<!-- toc -->\n<!-- /toc -->\nno headings\n').upToDate, true);
});

test('CRLF: the region is out of date; \\r is not blank, so CRLF fences and comments never form blocks', () => {
  const text =
    '<!-- toc -->\r\n- [A](#a)\r\n- [B](#b)\r\n<!-- /toc -->\r\n\r\n## A\r\n\r\n## B\r\n' +
    '```\r\n## In fence\r\n```\r\n<!--\r\n## In comment\r\n-->\r\n';
  const r = checkToc(text);
  assert.equal(r.expected, '- [A](#a)\n- [B](#b)\n- [In fence](#in-fence)\n- [In comment](#in-comment)');
  assert.equal(r.upToDate, false);
  const lf = checkToc('<!-- toc -->\r\n- [A](#a)\r\n<!-- /toc -->\r\n## A\r\n');
  assert.equal(lf.expected, '- [A](#a)');
  assert.equal(lf.upToDate, true); // a single line: only the trimmed ends carry \r
});

test('headings carry their 0-based line, also inside list items and for setext headings', () => {
  const r = checkToc('<!-- toc -->\n<!-- /toc -->\n\n## A\n\n- item\n  ## B\n\nSetext\n---\n');
  assert.deepEqual(
    r.headings.map((h) => [h.line, h.level, h.label, h.anchor]),
    [
      [3, 2, 'A', 'a'],
      [6, 2, 'B', 'b'],
      [8, 2, 'Setext', 'setext'],
    ],
  );
});

test('tocRegionText writes start marker, newline, one line per entry, end marker', () => {
  assert.equal(tocRegionText('- [A](#a)\n  - [B](#b)'), '<!-- toc -->\n- [A](#a)\n  - [B](#b)\n<!-- /toc -->');
  assert.equal(tocRegionText(''), '<!-- toc -->\n<!-- /toc -->');
  assert.equal(tocRegionText('- [A](#a)', { start: '<!-- TOC -->', end: '<!-- /TOC -->' }), '<!-- TOC -->\n- [A](#a)\n<!-- /TOC -->');
  const text = '# T\n<!-- toc -->\nold\n<!-- /toc -->\n## A\n';
  const r = checkToc(text);
  const fixed = text.slice(0, r.startMarker!.start) + tocRegionText(r.expected) + text.slice(r.endMarker!.end);
  assert.equal(fixed, '# T\n<!-- toc -->\n- [A](#a)\n<!-- /toc -->\n## A\n');
  assert.equal(checkToc(fixed).upToDate, true);
});

test('mdtoc weird_headings fixture', () => {
  const body =
    '# H1\nfiller\n\n## H2: with punctuation!\nfiller\n\n### H3 duplicate\nfiller\n\n### H3 duplicate\n\n' +
    '#### H4 no fillers\n##### H5 no fillers\n#### H4.2 no fillers\n\n## H6: Let\'s get weird\n' +
    '### !@#$&*^ headers!\n### -and-then-we-said_go\n### -------\n### **be _bold_**\n### don\'t go! {#forth}\n' +
    '### bring it all out: !@#$%^&*(){}/=?+;:"\'`,.<> ok\n\n/fin\n';
  assert.equal(
    toc(body),
    [
      '- [H1](#h1)',
      '  - [H2: with punctuation!](#h2-with-punctuation)',
      '    - [H3 duplicate](#h3-duplicate)',
      '    - [H3 duplicate](#h3-duplicate-1)',
      '      - [H4 no fillers](#h4-no-fillers)',
      '        - [H5 no fillers](#h5-no-fillers)',
      '      - [H4.2 no fillers](#h42-no-fillers)',
      "  - [H6: Let's get weird](#h6-lets-get-weird)",
      '    - [!@#$&amp;*^ headers!](#-headers)',
      '    - [-and-then-we-said_go](#-and-then-we-said_go)',
      '    - [-------](#-------)',
      '    - [<strong>be <em>bold</em></strong>](#be-bold)',
      "    - [don't go!](#dont-go)",
      '    - [bring it all out: !@#$%^&amp;*(){}/=?+;:&quot;\'`,.&lt;&gt; ok](#bring-it-all-out--ok)',
    ].join('\n'),
  );
});

test('stays linear on adversarial input (unclosed constructs, long heading lines)', () => {
  const k = 40000;
  const inputs = [
    '<div>\n\n</div>\nx\n\n'.repeat(k),
    'text\n```go\nmore\n'.repeat(k),
    '<!-- c\n\n'.repeat(k),
    '---\n\n## h\n\n'.repeat(k),
    '> a ``` b ```\n'.repeat(k),
    '- a\n  # h\n'.repeat(k),
    '## ' + '[a](x'.repeat(k) + '\n',
    '## ' + '[a'.repeat(k) + '\n',
    '## ' + 'http://x) '.repeat(k) + '\n',
    '## ' + '`'.repeat(k) + 'a'.repeat(k) + '\n',
    '## ' + '<a'.repeat(k) + '\n',
  ];
  for (const body of inputs) {
    const t0 = performance.now();
    checkToc('<!-- toc -->\n<!-- /toc -->\n' + body);
    const ms = performance.now() - t0;
    // quadratic behaviour takes minutes at this size; linear takes well under a second
    assert.ok(ms < 10000, `${JSON.stringify(body.slice(0, 30))}… took ${ms.toFixed(0)} ms`);
  }
});

test('deep nesting of every kind stays within upstream’s limit of 16 and never overflows the stack', () => {
  const bodies = [
    // issue 9.A4: about 1,250 levels of mixed quote and list nesting, 5 KB
    '> - '.repeat(1250) + '# deep\n',
    Array.from({ length: 1250 }, (_, i) => '  '.repeat(i % 40) + (i % 2 ? '- ' : '> ') + 'x').join('\n') + '\n',
    '## ' + '['.repeat(5000) + 'x' + '](y)'.repeat(5000) + '\n',
    '## ' + '*_'.repeat(3000) + 'x' + '_*'.repeat(3000) + '\n',
    '## ' + '[a '.repeat(3000) + '](b)'.repeat(3000) + '\n',
  ];
  for (const body of bodies) assert.doesNotThrow(() => checkToc('<!-- toc -->\n<!-- /toc -->\n' + body), body.slice(0, 20));
  // Below the limit a heading in nested quotes is still found; from the 16th level on, not.
  assert.equal(toc('> '.repeat(15) + '# found\n'), '- [found](#found)');
  assert.equal(toc('> '.repeat(16) + '# lost\n'), '');
});
