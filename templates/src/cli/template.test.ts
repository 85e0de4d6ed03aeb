import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { currentCatalogue } from '../core/catalogue';
import { INPUT_SHEET, META_SHEET, column } from '../core/contract';
import { runTemplateCli, templateFileName } from './template';

const ROOT = resolve(__dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'templates/src/cli/template.ts');
const HEADER = ['单位代码', '单位名称', '单位类型', '所属区代码', '所属区名称'];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'template-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function spawnCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(TSX, [CLI, ...args], { cwd: ROOT, timeout: 120000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

async function load(file: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  const stamp: Record<string, string> = {};
  workbook.getWorksheet(META_SHEET)!.eachRow((row) => (stamp[row.getCell(1).text] = row.getCell(2).text));
  const sheet = workbook.getWorksheet(INPUT_SHEET)!;
  const values: Record<string, string> = {};
  sheet.eachRow((row) => {
    const code = row.getCell(column('code').letter).text;
    if (currentCatalogue().field(code)) values[code] = row.getCell(column('value').letter).text;
  });
  return { stamp, values };
}

async function registryXlsx(rows: string[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('单位名录');
  rows.forEach((r) => sheet.addRow(r));
  const file = join(dir, '名录.xlsx');
  writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
  return file;
}

describe('npm run template (spawned)', () => {
  it('writes one blank template for a unit type', async () => {
    const out = join(dir, 'sub', '部门模板.xlsx');
    const result = await spawnCli(['--year', '2025', '--unit-type', 'department', '--out', out]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('已生成2025年度部门模板');
    const { stamp, values } = await load(out);
    expect(stamp).toMatchObject({ unit_type: 'department', report_year: '2025', catalogue_version: '2024.1' });
    expect(stamp.unit_code).toBeUndefined();
    expect(values['meta.report_year']).toBe('2025');
  });

  it('writes one prefilled workbook per registry unit', async () => {
    const registry = await registryXlsx([
      HEADER,
      ['120104000', '天津市南开区人民政府', '区人民政府', '120104', '南开区'],
      ['120104002', '天津市南开区司法局', '区级部门', '120104', '南开区'],
      ['120000002', '天津市政务服务办公室', '市级部门', '', ''],
    ]);
    const out = join(dir, 'templates');
    const result = await spawnCli(['--year', '2024', '--registry', registry, '--out', out, '--catalogue', '2024.1']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('已为 3 个单位生成2024年度预填模板');
    expect(readdirSync(out).sort()).toEqual(['120000002-天津市政务服务办公室.xlsx', '120104000-天津市南开区人民政府.xlsx', '120104002-天津市南开区司法局.xlsx']);

    const gov = await load(join(out, '120104000-天津市南开区人民政府.xlsx'));
    expect(gov.stamp).toMatchObject({ unit_type: 'district_gov', unit_code: '120104000', district_code: '120104' });
    expect(gov.values).toMatchObject({ 'meta.unit_name': '天津市南开区人民政府', 'meta.unit_type': '区人民政府', 'meta.district': '南开区' });
    const city = await load(join(out, '120000002-天津市政务服务办公室.xlsx'));
    expect(city.stamp).toMatchObject({ unit_type: 'department', unit_code: '120000002' });
    expect(city.values).toMatchObject({ 'meta.unit_type': '市级部门', 'meta.district': '市级', 'meta.unit_code': '120000002' });
  });

  it('prints every registry row error on its own line, exits 1 and writes nothing', async () => {
    const registry = join(dir, 'bad.csv');
    const rows = [HEADER, ['120101000', '和平区人民政府', '区人民政府', '120101', '和平区'], ['120101000', '重复', '区级部门', '120101', '和平区'], ['x y', '某局', '科室', '', '']];
    writeFileSync(registry, rows.map((r) => r.join(',')).join('\r\n'));
    const out = join(dir, 'never');
    const result = await spawnCli(['--year', '2024', '--registry', registry, '--out', out]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toContain('有 3 处错误，未生成任何模板');
    expect(lines.slice(1)).toEqual([
      expect.stringContaining('第3行“单位代码”列“120101000”与第2行重复'),
      expect.stringContaining('第4行“单位代码”列“x y”格式不对'),
      expect.stringContaining('第4行“单位类型”列“科室”无法识别'),
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('answers a wrong option in Chinese with exit code 1', async () => {
    const result = await spawnCli(['--year', '2024', '--unit-typ', 'department']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('未知选项 --unit-typ');
  });
});

describe('runTemplateCli argument checks', () => {
  async function run(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runTemplateCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it.each([
    [['--unit-type', 'department', '--out', 'a.xlsx'], '--year 应为四位报告年度'],
    [['--year', '24', '--unit-type', 'department', '--out', 'a.xlsx'], '收到“24”'],
    [['--year', '2024', '--unit-type', 'department'], '请用 --out 指定输出位置'],
    [['--year', '2024', '--out', 'a.xlsx'], '请指定 --unit-type'],
    [['--year', '2024', '--unit-type', 'department', '--registry', 'r.csv', '--out', 'x'], '只能选一个'],
    [['--year', '2024', '--unit-type', 'school', '--out', 'a.xlsx'], '“school”无法识别'],
    [['--year', '2024', '--unit-type', 'department', '--out', 'a.xls'], '应为 .xlsx 文件名'],
    [['--year', '2024', '--catalogue', '1999.9', '--unit-type', 'department', '--out', 'a.xlsx'], '可用版本：2024.1'],
    [['--year', '2024', '--registry', 'missing-名录.csv', '--out', 'x'], '无法读取名录文件'],
    [['--year', '2024', '--registry', 'package.json', '--out', 'x'], '不是 .xlsx 或 .csv'],
    [['--year'], '--year 后面缺少取值'],
  ])('%j → %s', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(1);
    expect(result.err).toContain(message);
  });

  it('shows the Chinese usage for --help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('用法：');
    expect(result.out).toContain('--registry <文件>');
  });

  it('accepts the Chinese unit type label', async () => {
    const out = join(dir, 'gov.xlsx');
    const result = await run(['--year', '2024', '--unit-type', '区人民政府', '--out', out]);
    expect(result.code).toBe(0);
    expect((await load(out)).stamp.unit_type).toBe('district_gov');
  });
});

describe('templateFileName', () => {
  it('keeps code and name, replacing characters Windows forbids', () => {
    expect(templateFileName({ code: '120101002', name: '天津市和平区司法局' })).toBe('120101002-天津市和平区司法局.xlsx');
    expect(templateFileName({ code: 'A1', name: '某局/办公室: "本级"' })).toBe('A1-某局_办公室_本级_.xlsx');
  });
});
