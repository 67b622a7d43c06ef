import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CodeActionRequest, CompletionRequest, HoverRequest, type CodeAction, type CompletionItem, type CompletionList, type Diagnostic, type Hover } from 'vscode-languageserver-protocol';
import { caret } from '../support/caret.js';
import { LspClient, uriOf } from '../support/lsp.js';
import { makeTempRepo, type TempRepo } from '../support/tempRepo.js';

const message = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const doc = (i: CompletionItem): string => (typeof i.documentation === 'object' ? i.documentation.value : (i.documentation ?? ''));

describe('.kep-studio.yaml is validated where it is edited (language server over stdio)', () => {
  let repo: TempRepo;
  let client: LspClient;
  let config: string;

  before(async () => {
    repo = makeTempRepo();
    config = repo.write('.kep-studio.yaml', 'rules: {}\n');
    client = await LspClient.start([repo.root]);
  });
  after(async () => {
    await client.stop();
    repo.dispose();
  });

  /** Completion items at the `^` of `marked`, which becomes the document's text. */
  async function complete(marked: string): Promise<CompletionItem[]> {
    const { text, position } = caret(marked);
    await client.change(config, text);
    const r = (await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf(config) }, position })) as CompletionItem[] | CompletionList | null;
    return Array.isArray(r) ? r : (r?.items ?? []);
  }

  async function hoverAt(marked: string): Promise<string | undefined> {
    const { text, position } = caret(marked);
    await client.change(config, text);
    const h = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(config) }, position })) as Hover | null;
    return h ? (h.contents as { value: string }).value : undefined;
  }

  test('a misspelt severity and setting are reported with did-you-mean and a fix', async () => {
    await client.open(config);
    const diags = await client.change(config, 'rules:\n  md/placeholder: warnig\nupcomingrelease: v1.38\n');
    const severity = diags.find((d) => message(d).includes('warnig'));
    assert.equal(severity?.code, 'config/invalid');
    assert.equal(message(severity!), 'Invalid .kep-studio.yaml: "rules/md/placeholder" is "warnig"; it must be one of error, warning, information, hint, off. Did you mean "warning"?');
    assert.deepEqual(severity!.range, { start: { line: 1, character: 18 }, end: { line: 1, character: 24 } });
    const setting = diags.find((d) => message(d).includes('upcomingrelease'));
    assert.equal(message(setting!), 'Invalid .kep-studio.yaml: unknown setting "upcomingrelease". Did you mean "upcomingRelease"?');
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(config) }, range: severity!.range, context: { diagnostics: [severity!], only: ['quickfix'] } })) as CodeAction[];
    assert.equal(actions[0]?.title, 'Change to "warning"');
    const fixed = client.applyEdit(actions[0]!.edit!).get(config)!;
    assert.equal(fixed, 'rules:\n  md/placeholder: warning\nupcomingrelease: v1.38\n');
  });

  test('an unknown rule id is reported with the id it most likely meant', async () => {
    const diags = await client.change(config, 'rules:\n  md/placeholdr: off\n  kep/no-such-rule-at-all: off\n');
    assert.deepEqual(diags.map(message), ['Unknown rule id "md/placeholdr" in .kep-studio.yaml. Did you mean "md/placeholder"?', 'Unknown rule id "kep/no-such-rule-at-all" in .kep-studio.yaml.']);
    assert.deepEqual(diags[0]!.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 15 } });
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(config) }, range: diags[0]!.range, context: { diagnostics: [diags[0]!], only: ['quickfix'] } })) as CodeAction[];
    const after = await client.change(config, client.applyEdit(actions[0]!.edit!).get(config)!);
    assert.equal(client.text(config), 'rules:\n  md/placeholder: off\n  kep/no-such-rule-at-all: off\n');
    assert.deepEqual(after.map(message), ['Unknown rule id "kep/no-such-rule-at-all" in .kep-studio.yaml.']);
  });

  test('completion: the settings, with their descriptions', async () => {
    const items = await complete('rules: {}\n^\n');
    assert.deepEqual(items.map((i) => i.label).sort(), ['associations', 'kinds', 'sigs', 'upcomingRelease']);
    const upcoming = items.find((i) => i.label === 'upcomingRelease')!;
    assert.match(doc(upcoming), /^The release in progress/);
    assert.equal(upcoming.textEdit && 'newText' in upcoming.textEdit ? upcoming.textEdit.newText : '', 'upcomingRelease: $0');
  });

  test('completion: rule ids under rules, severities as their values', async () => {
    const ids = await complete('rules:\n  md/placeholder: off\n  ^\n');
    assert.ok(ids.some((i) => i.label === 'kep/unknown-sig' && i.detail === 'default: warning' && /not in kubernetes\/community/.test(doc(i))), ids.map((i) => i.label).join(', '));
    assert.ok(!ids.some((i) => i.label === 'md/placeholder'), 'a rule already set is not offered');
    const severities = await complete('rules:\n  md/placeholder: ^\n');
    assert.deepEqual(severities.map((i) => i.label), ['error', 'warning', 'information', 'hint', 'off']);
    assert.match(doc(severities[0]!), /CI rejects/);
  });

  test('completion: kind ids for associations, and the keys of a kind definition (kind.schema.json)', async () => {
    const kinds = await complete('associations:\n  "rfcs/*.md": ^\n');
    assert.ok(kinds.some((i) => i.label === 'rust-rfc' && i.detail === 'Rust RFC'), kinds.map((i) => `${i.label} ${i.detail}`).join(', '));
    const keys = await complete('kinds:\n  - id: acme\n    ^\n');
    const labels = keys.map((i) => i.label);
    for (const k of ['name', 'recognise', 'sections', 'checklists']) assert.ok(labels.includes(k), labels.join(', '));
    assert.ok(!labels.includes('id'));
    assert.match(doc(keys.find((i) => i.label === 'recognise')!), /Alternative ways to recognise/);
  });

  test('hover: a setting, a rule, a severity', async () => {
    assert.match((await hoverAt('upcoming^Release: v1.38\n'))!, /^\*\*upcomingRelease\*\*\n\nThe release in progress/);
    assert.match((await hoverAt('rules:\n  kep/unknown-s^ig: off\n'))!, /^\*\*kep\/unknown-sig\*\* \(default: warning\)\n\n.*sigs\.yaml/);
    assert.equal(await hoverAt('rules:\n  kep/unknown-sig: of^f\n'), '**off**: Not reported.');
  });
});
