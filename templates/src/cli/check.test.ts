// `npm run check -- FILE [--json]` as a person runs it: Chinese lines with sheet!cell, exit codes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sampleRegistry } from '../samples/registry';
import { filledWorkbookFor } from '../../../test/support/workbooks';

const tsx = path.resolve(__dirname, '../../../node_modules/.bin/tsx');
const cli = path.resolve(__dirname, 'check.ts');
const run = (...args: string[]) => spawnSync(tsx, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('npm run check', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fazhi-check-'));
  const unit = sampleRegistry().find((u) => u.code === '120103002')!;
  let good: string;
  let bad: string;

  beforeAll(async () => {
    good = path.join(dir, '好.xlsx');
    bad = path.join(dir, '坏.xlsx');
    writeFileSync(good, await filledWorkbookFor(unit, 2024));
    writeFileSync(bad, await filledWorkbookFor(unit, 2024, { 'sup.proposals_closed': 12, 'sup.proposals_received': 4, 'pf.activities': '100余' }));
  });

  it('a good workbook: exit 0 and a Chinese summary', () => {
    const r = run(good);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('好.xlsx：0 个错误');
  });

  it('a faulty workbook: one line per problem with sheet!cell, exit 1', () => {
    const r = run(bad);
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[错误\] R12 指标填报!E\d+【其中：已办结（办复）件数】办结（办复）件数不得大于承办件数。/),
        expect.stringMatching(/^\[错误\] TYPE 指标填报!E\d+【开展法治宣传活动次数】填报值“100余”/),
      ]),
    );
    expect(lines.at(-1)).toContain('2 个错误');
  });

  it('--json prints unit, unitType, year, catalogueVersion, values and problems', () => {
    const r = run(bad, '--json');
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ unit: unit.code, unitType: 'department', year: 2024, catalogueVersion: '2024.1' });
    expect(out.values['sup.proposals_received']).toBe(4);
    expect(out.problems.map((p: { rule: string }) => p.rule).sort()).toEqual(['R12', 'TYPE']);
  });

  it('no file or an unknown option: the reason and usage in Chinese, exit 2; --help: usage, exit 0', () => {
    const none = run();
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('命令行参数有误：缺少要检查的文件名');
    expect(none.stderr).toContain('npm run check -- 文件名.xlsx');
    const typo = run(good, '--jsn');
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('未知选项 --jsn');
    expect(typo.stderr).not.toMatch(/error:|Did you mean/);
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('用法：');
  });

  it('a file that is not a workbook: a Chinese reason, exit 1', () => {
    const notes = path.join(dir, 'notes.xlsx');
    writeFileSync(notes, '这不是工作簿');
    const r = run(notes);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/NOT_XLSX .*不是 Excel 工作簿/);
  });
});
