// `npm run prefill` as a script and a person use it: JSON with offsets into the report, a Chinese
// table, and exit codes for bad arguments and unreadable files.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const tsx = path.resolve(__dirname, '../../node_modules/.bin/tsx');
const SCRIPT = path.resolve(__dirname, '../../aggregator/src/cli/prefill.ts');
const REPORT = path.resolve(__dirname, '../fixtures/baseline/district-government-2023.txt');

function prefill(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, [SCRIPT, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run prefill', () => {
  it('prints candidates as JSON: code, value, quote with offsets into the report, score, flags', async () => {
    const { code, stdout } = await prefill([REPORT, '--unit-type', 'district_gov', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ file: 'district-government-2023.txt', format: 'txt', unitType: 'district_gov', reportYear: 2023, catalogueVersion: '2024.1' });
    const text = readFileSync(REPORT, 'utf8');
    const closed = out.candidates.find((c: { code: string }) => c.code === 'recon.closed');
    expect(closed).toMatchObject({ value: 60, flags: [], quote: { text: '全区共审结行政复议案件60 件' } });
    expect(text.slice(closed.quote.start, closed.quote.end)).toBe(closed.quote.text);
    expect(text.slice(closed.number.start, closed.number.end)).toBe('60 件');
    expect(typeof closed.score).toBe('number');
    const exam = out.candidates.find((c: { code: string }) => c.code === 'learn.pre_appointment_participants');
    expect(exam).toMatchObject({ value: 44, flags: ['cumulative'] });
  });

  it('prints a Chinese table without --json', async () => {
    const { code, stdout } = await prefill([REPORT, '--unit-type', 'district_gov']);
    expect(code).toBe(0);
    expect(stdout).toContain('报告年度 2023');
    expect(stdout).toMatch(/指标代码\s+指标名称\s+摘录值\s+得分\s+提示\s+原文/);
    expect(stdout).toMatch(/emer\.rescue_personnel\s+专业应急救援队伍人数\s+约2900人\s+0\.\d\d\s+约数/);
  });

  it('proposes only what applies to the unit type given', async () => {
    const asDepartment = JSON.parse((await prefill([REPORT, '--unit-type', 'department', '--json'])).stdout);
    const codes = asDepartment.candidates.map((c: { code: string }) => c.code);
    expect(codes).not.toContain('recon.closed');
    expect(codes).toContain('decision.count');
  });

  it('exits 2 on bad arguments and 1 on a file it cannot read, saying why in Chinese', async () => {
    const missing = await prefill([REPORT]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('缺少 --unit-type');
    const wrong = await prefill([REPORT, '--unit-type', 'city']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('只能是 department 或 district_gov');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'prefill-'));
    const binary = path.join(dir, '报告.doc');
    writeFileSync(binary, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    const unreadable = await prefill([binary, '--unit-type', 'department']);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stdout).toContain('旧版 Word（.doc）');
  });
});
