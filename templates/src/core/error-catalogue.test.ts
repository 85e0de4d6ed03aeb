import { createOpenApiDocument } from '../../../aggregator/src/http/openapi';
import { AppError } from './errors';
import { appError, ERROR_CATALOGUE, ERROR_CODES, errorText, inContext, revivedError, type ErrorCode, type ErrorFacts } from './error-catalogue';

const TAIL = {
  sheet: '指标填报',
  fault: { fault: 'merges', count: 900 },
  area: { lastRow: 60, lastCol: 6, merges: 12 },
  limits: { maxRow: 600, maxCol: 60, maxMerges: 500, maxCells: 100_000 },
} as ErrorFacts<'TOO_MANY_MERGES'>;

/**
 * Facts for every code (the type makes the list complete), one set for each wording a code has.
 * Selector facts (namedIn, upload, looksLike …) choose the wording; every other fact must appear.
 */
const SAMPLES: { [C in ErrorCode]: ErrorFacts<C>[] } = {
  INTERNAL: [{}],
  NOT_FOUND: [{ method: 'GET', url: '/api/nothing' }, { addinFile: '/addin/nothing.js' }, { unitName: '和平区司法局', baselineYear: 2023 }],
  ADDIN_NOT_BUILT: [{ what: '加载项清单（manifest.xml）' }],
  INVALID_REQUEST: [{ fields: [{ field: 'year', message: '应为整数' }] }],
  INVALID_JSON: [{}],
  BAD_REQUEST: [{ status: 415 }],
  BODY_TOO_LARGE: [{ limitBytes: 64 * 1024 }],
  LENGTH_REQUIRED: [{}],
  UPLOAD_TOO_LARGE: [{ limitBytes: 200 * 1024 * 1024 }, { zipFile: '和平区.zip' }, { zipFile: '和平区.zip', maxTotalBytes: 256 * 1024 * 1024 }],
  UPLOAD_BUSY: [{ inFlightBytes: 300 * 1024 * 1024 }],
  UPLOAD_INVALID: [{}, { broken: true }],
  UPLOAD_TOO_MANY_PARTS: [{ maxFields: 20, counted: 'parts' }, { maxFields: 20, counted: 'fields' }],
  UPLOAD_FIELD_TOO_LARGE: [{ field: 'note', maxBytes: 8 * 1024 }, { longName: true }],
  TOO_MANY_FILES: [{ maxFiles: 400 }],
  UNEXPECTED_FIELD: [{ field: 'upload' }],
  FILE_MISSING: [{ upload: 'workbooks' }, { upload: 'registry' }, { upload: 'reports' }, { upload: 'report_original' }],
  STORE_BUSY: [{}],
  STORE_FULL: [{}],
  BUSY: [{}],
  POOL_CLOSED: [{}],
  PARSE_UNAVAILABLE: [{}],
  PARSE_TIMEOUT: [{}, { pdfFile: '2023年度报告.pdf' }],
  PARSE_CRASHED: [{}, { pdfFile: '2023年度报告.pdf' }],
  PARSE_FAILED: [{}, { pdfFile: '2023年度报告.pdf' }],
  PARSE_ANSWER_INVALID: [{}, { pdfFile: '2023年度报告.pdf' }],
  OUTPUT_CLOSED: [{}],
  AUTH_REQUIRED: [{}],
  LOGIN_FAILED: [{}],
  LOGIN_THROTTLED: [{ retryAfterMinutes: 15 }],
  SESSION_EXPIRED: [{}, { idleMinutes: 30 }],
  ACCOUNT_DISABLED: [{}],
  TOKEN_INVALID: [{}],
  CSRF: [{}, { origin: 'https://evil.example' }],
  FORBIDDEN_ROLE: [{ roleLabel: '填报单位' }],
  FORBIDDEN_SCOPE: [{ what: '单位“南开区司法局”的数据' }],
  SCOPE_REQUIRED: [{ role: 'unit' }, { role: 'district_admin' }],
  USER_NOT_FOUND: [{ id: 'u-17' }],
  TOKEN_NOT_FOUND: [{ id: 't-9' }],
  USERNAME_TAKEN: [{ username: 'heping' }],
  SELF_LOCKOUT: [{}],
  PASSWORD_CHANGE_REQUIRED: [{}],
  SELF_RESET: [{}],
  BULK_CITY_FORBIDDEN: [{}],
  BULK_OTHER_DISTRICT: [{ districtCode: '120102' }],
  BULK_USERNAMES_TAKEN: [{ listed: '“120104002”（天津市南开区司法局）', count: 1 }],
  PASSWORD_SAME: [{}],
  PASSWORD_WEAK: [{}],
  PASSWORD_WRONG: [{}],
  PASSWORD_CHANGED: [{}],
  UNIT_UNKNOWN: [
    { unitCode: '999999001', namedIn: 'path' },
    { unitCode: '999999001', namedIn: 'body', field: '统一社会信用代码' },
  ],
  DISTRICT_UNKNOWN: [{ districtCode: '129999', namedIn: 'path' }],
  UNIT_TYPE_UNKNOWN: [{ text: 'school' }],
  REGISTRY_FORMAT: [
    { fileName: '名录.xls', fault: 'old_format' },
    { fileName: '名录.doc', fault: 'not_table' },
    { fileName: '名录.csv', fault: 'csv_invalid', line: 7 },
    { fileName: '名录.xlsx', fault: 'xlsx_unreadable' },
    { fileName: '名录.xlsx', fault: 'no_sheet' },
  ],
  REGISTRY_ROWS: [{ rows: ['第3行：缺少单位代码。', '第5行：单位类型不认识。'] }],
  REGISTRY_EMPTY: [{ fileName: '名录.csv' }],
  YEAR_UNKNOWN: [{ year: 2030, namedIn: 'path' }, { year: 2030, namedIn: 'path', openYears: [2023, 2024] }],
  YEAR_EXISTS: [{ year: 2024, catalogueVersion: '2024.1', deadline: '2025-03-31' }],
  YEAR_LOCKED: [
    { year: 2024, refused: '审核' },
    { year: 2024, refused: '免报单位' },
    { year: 2024, refused: '上报' },
    { year: 2024, refused: '确认或退回' },
  ],
  YEAR_NOT_OPEN: [{ year: 2024, statusLabel: '已关闭' }, { year: 2024, statusLabel: '已锁定' }],
  INVALID_DEADLINE: [{ year: 2024, deadline: '2024-06-30' }],
  CATALOGUE_UNKNOWN: [{ year: 2024, catalogueVersion: '2099.9' }],
  SUBMISSION_NOT_FOUND: [{ id: 's-42' }, { id: 's-42', fileMissing: true }],
  SHA256_MISMATCH: [{ fileName: '和平区司法局.xlsx' }],
  SUBMISSION_LOCKED: [{ unitName: '和平区司法局', year: 2024 }, { unitName: '和平区司法局', year: 2024, currentVersion: 3 }],
  NOT_CURRENT: [{ unitName: '和平区司法局' }, { unitName: '和平区司法局', version: 2 }],
  ALREADY_ACCEPTED: [{ unitName: '和平区司法局' }],
  BATCH_NOT_PENDING: [{ unitName: '和平区司法局' }],
  BATCH_HAS_ERRORS: [{ unitName: '和平区司法局', errors: 3 }],
  DIFF_OTHER_UNIT: [{ otherId: 's-7', otherUnitCode: '120104001', unitCode: '120101001' }],
  DISTRICT_CONFIRMED: [{ districtName: '和平区', year: 2024 }, { districtName: '和平区', year: 2024, unitName: '和平区司法局' }],
  DISTRICT_ALREADY_SUBMITTED: [{ districtName: '和平区', year: 2024 }],
  DISTRICT_INCOMPLETE: [
    { districtName: '和平区', year: 2024, missing: ['和平区教育局'], pending: [] },
    { districtName: '和平区', year: 2024, missing: [], pending: ['和平区司法局', '和平区民政局'] },
  ],
  DISTRICT_NOT_SUBMITTED: [
    { districtName: '和平区', year: 2024, stateLabel: '未上报', decision: 'confirm' },
    { districtName: '和平区', year: 2024, stateLabel: '已退回', decision: 'return' },
  ],
  GROUP_UNKNOWN: [{ code: 'x', cityCode: 'city', cityDepartmentsCode: 'city_departments' }],
  ROLLUP_UNIT_DUPLICATE: [{ unitCode: '120101001' }],
  ROLLUP_UNIT_NO_DISTRICT: [{ unitName: '和平区司法局', unitCode: '120101001' }],
  ROLLUP_DISTRICT_UNKNOWN: [{ year: 2024, districtCode: '129999' }],
  ROLLUP_GROUP_UNKNOWN: [{ groupCode: '129999' }],
  ROLLUP_INDICATOR_UNKNOWN: [{ year: 2024, indicator: 'A9.9' }],
  DRAFT_NO_SUBMISSION: [{ unitName: '和平区司法局', year: 2024 }],
  DRAFT_CODE_REQUIRED: [{ level: 'unit' }, { level: 'district' }],
  DRAFT_PHRASES_MISSING: [{ catalogueVersion: '2099.9' }],
  VALUES_MISSING: [{}],
  VALUES_NOT_JSON: [{}],
  VALUES_INVALID: [{ fields: [{ field: 'values.0.value', message: '应为数字' }] }],
  BASELINE_INVALID: [{ faults: ['A1.1：报告中找不到数值 12', 'A2.3：应为整数'] }],
  ENTRY_MISSING: [{ fileName: '报告.zip', entry: '报告/和平区.docx' }],
  OLD_WORD: [{ fileName: '报告.doc' }],
  NOT_REPORT: [{ fileName: '报告.png' }],
  NOT_DOCX: [{ fileName: '报告.docx' }],
  PDF_ENCRYPTED: [{ fileName: '报告.pdf' }],
  PDF_CORRUPT: [{ fileName: '报告.pdf' }],
  PDF_TOO_LONG: [{ fileName: '报告.pdf', pages: 412, maxPages: 300 }],
  PDF_NO_TEXT: [{ fileName: '报告.pdf' }],
  EMPTY_FILE: [{}, { fileName: '报告.txt' }, { fileName: '报告.txt', noText: true }],
  FILE_TOO_LARGE: [
    { of: 'workbook', bytes: 25 * 1024 * 1024, limitBytes: 20 * 1024 * 1024 },
    { of: 'report', fileName: '报告.docx', bytes: 21 * 1024 * 1024, limitBytes: 20 * 1024 * 1024 },
    { of: 'upload', limitBytes: 20 * 1024 * 1024 },
    { of: 'workbook', zipFile: '和平区.zip', fileName: '司法局.xlsx', bytes: 25 * 1024 * 1024, limitBytes: 20 * 1024 * 1024 },
  ],
  NOT_XLSX: [
    { looksLike: 'pdf' },
    { looksLike: 'old_xls' },
    { looksLike: 'archive' },
    { looksLike: 'image' },
    { looksLike: 'markup' },
    { looksLike: 'text' },
    { looksLike: 'other' },
    { zipFile: '和平区.zip', part: '说明.docx' },
  ],
  NOT_WORKBOOK: [{ looksLike: 'word' }, { looksLike: 'powerpoint' }, { looksLike: 'xlsb' }, { looksLike: 'opendocument' }, { looksLike: 'other' }],
  ZIP_CORRUPT: [{ damage: '找不到压缩文件目录，文件可能被截断' }],
  ZIP_ENCRYPTED: [{}, { zipFile: '和平区.zip', part: '司法局.xlsx' }],
  ZIP_UNSUPPORTED: [{ fileName: '和平区.rar' }],
  ZIP_TOO_DEEP: [{ fileName: 'a.zip/b.zip', maxDepth: 2, of: 'workbook' }, { fileName: 'a.zip/b.zip', maxDepth: 2, of: 'report' }],
  ZIP_BROKEN: [{ zipFile: 'cut.zip' }],
  ZIP_EMPTY: [{ zipFile: 'junk.zip', of: 'workbook' }, { zipFile: 'junk.zip', of: 'report' }],
  ZIP_DUPLICATE_ENTRY: [{ part: 'xl/workbook.xml' }],
  ZIP_UNSAFE_NAME: [{ part: '../evil.xml' }],
  ZIP_TOO_MANY_ENTRIES: [{ count: 5000, maxEntries: 2000 }, { count: 5000, maxEntries: 2000, zipFile: '和平区.zip' }],
  ZIP_BOMB: [
    { part: 'xl/worksheets/sheet1.xml', maxRatio: 200 },
    { part: 'xl/worksheets/sheet1.xml', maxPartBytes: 50 * 1024 * 1024, maxTotalBytes: 100 * 1024 * 1024 },
    { zipFile: '报告.zip', part: '和平区.docx' },
    { zipFile: '和平区.zip', part: '司法局.xlsx', maxRatio: 200 },
    { zipFile: '和平区.zip', part: '司法局.xlsx', maxBytes: 20 * 1024 * 1024 },
  ],
  XML_DOCTYPE: [{ part: 'xl/workbook.xml' }],
  XML_CORRUPT: [{ part: 'xl/worksheets/sheet1.xml', reason: 'Unclosed tag' }, { part: 'xl/worksheets/sheet1.xml', reason: 'Unclosed tag', sheet: '指标填报' }],
  WORKBOOK_CORRUPT: [{ sheet: '指标填报', part: 'xl/worksheets/sheet1.xml' }],
  CELL_AMBIGUOUS: [{ sheet: '指标填报', cell: 'E7' }, { sheet: '指标填报', cell: 'A7', repeatedRow: 7 }],
  SHARED_STRING_INVALID: [{ sheet: '指标填报', cell: 'E7', index: '9', count: 5 }, { sheet: '指标填报', cell: 'E7', index: '1.5', count: 5 }],
  SHEET_RANGE: [{ ...TAIL, fault: { fault: 'range', kind: 'merge', range: 'A1:XFD1048576' } } as ErrorFacts<'SHEET_RANGE'>],
  TOO_MANY_MERGES: [TAIL],
  SHEET_RANGE_CELLS: [{ ...TAIL, fault: { fault: 'cells', cells: 2_000_000 } } as ErrorFacts<'SHEET_RANGE_CELLS'>],
  PREFILL_MISMATCH: [
    { unitName: '和平区人民政府', unitCode: '120101000', typeLabel: '区人民政府', unitType: 'department' },
    { unitName: '和平区司法局', unitCode: '120101001', typeLabel: '区级部门', unitType: 'district_gov' },
  ],
};

/** Facts that choose a wording rather than name something; they need not appear in the message. */
const SELECTORS = new Set(['namedIn', 'upload', 'role', 'level', 'status', 'looksLike', 'fault', 'of', 'counted', 'decision', 'fileMissing', 'noText', 'broken', 'longName', 'area', 'limits', 'unitType']);
/** Byte counts appear as MB/KB (checked by hand below). */
const isBytes = (key: string) => /Bytes$/.test(key) || key === 'bytes';

/** What of a fact's value the message must show. */
function shown(key: string, value: unknown): string[] {
  if (SELECTORS.has(key) || isBytes(key) || value === undefined) return [];
  if (key === 'index') return [String(value).trim()];
  if (Array.isArray(value)) return value.flatMap((v) => (typeof v === 'object' && v ? Object.values(v as object).map(String) : [String(v)]));
  return [String(value)];
}

const samples = ERROR_CODES.flatMap((code) => (SAMPLES[code] as object[]).map((facts, i) => [code, i, facts] as const));

describe('the error catalogue', () => {
  test('codes are stable identifiers, each with facts for every wording in this test', () => {
    for (const code of ERROR_CODES) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect((SAMPLES[code] as object[]).length).toBeGreaterThan(0);
    }
    expect(ERROR_CODES.length).toBe(Object.keys(SAMPLES).length);
  });

  test.each(samples)('%s (%i): a Chinese message naming its facts, a 4xx/5xx status', (code, _i, facts) => {
    const { status, message } = errorText(code, facts as never);
    expect(message).toMatch(/[\u4e00-\u9fff]/);
    expect(message).not.toMatch(/undefined|null|\[object Object\]|NaN/);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
    for (const [key, value] of Object.entries(facts)) {
      for (const text of shown(key, value)) expect(message).toContain(text);
    }
  });

  test('each wording of a code says something different', () => {
    for (const code of ERROR_CODES) {
      const messages = (SAMPLES[code] as object[]).map((facts) => errorText(code, facts as never).message);
      expect({ code, wordings: new Set(messages).size }).toEqual({ code, wordings: messages.length });
    }
  });

  test('status: by the catalogue; a unit, district or year named in the path is 404, in the submitted content 400', () => {
    expect(errorText('UNIT_UNKNOWN', { unitCode: '1', namedIn: 'path' }).status).toBe(404);
    expect(errorText('UNIT_UNKNOWN', { unitCode: '1', namedIn: 'body' }).status).toBe(400);
    expect(errorText('DISTRICT_UNKNOWN', { districtCode: '1', namedIn: 'body' }).status).toBe(400);
    expect(errorText('YEAR_UNKNOWN', { year: 2030, namedIn: 'body' }).status).toBe(400);
    expect(errorText('BAD_REQUEST', { status: 415 }).status).toBe(415);
    expect(errorText('FILE_TOO_LARGE', { of: 'upload', limitBytes: 1 }).status).toBe(413);
    expect(errorText('STORE_BUSY').status).toBe(503);
    expect(errorText('CATALOGUE_UNKNOWN', { year: 2024, catalogueVersion: 'x' }).status).toBe(500);
  });

  test('UNIT_UNKNOWN has one wording, naming the field the code was read from', () => {
    expect(errorText('UNIT_UNKNOWN', { unitCode: '999', namedIn: 'path' }).message).toBe(
      '单位代码“999”不在单位名录中：请核对单位代码；如确为新增单位，请联系市级管理员先导入包含该单位的名录。',
    );
    expect(errorText('UNIT_UNKNOWN', { unitCode: '999', namedIn: 'body', field: '文件里的单位代码' }).message).toBe(
      '文件里的单位代码“999”不在单位名录中：请核对文件里的单位代码；如确为新增单位，请联系市级管理员先导入包含该单位的名录。',
    );
  });

  test('sizes are written by hand-checked rules', () => {
    // 25 MB = 26,214,400 bytes over 20 MB = 20,971,520 bytes.
    expect(errorText('FILE_TOO_LARGE', { of: 'workbook', bytes: 26_214_400, limitBytes: 20_971_520 }).message).toBe(
      '文件大小 25 MB 超过上限（20 MB）：标准指标表通常不到 1 MB，请删除粘贴进来的图片或多余工作表后重新保存上传',
    );
    // 1.5 MB = 1,572,864 bytes → "1.5 MB"; 20 MB upload limit.
    expect(errorText('FILE_TOO_LARGE', { of: 'report', fileName: 'a.docx', bytes: 1_572_864, limitBytes: 20_971_520 }).message).toContain('文件“a.docx”大小 1.5 MB 超过上限（20 MB）');
    expect(errorText('FILE_TOO_LARGE', { of: 'upload', limitBytes: 20_971_520 }).message).toBe('上传的文件超过大小上限（20 MB）：请检查是否选错了文件。');
    // 64 KB = 65,536 bytes; 2 MB = 2,097,152 bytes → "2.0 MB".
    expect(errorText('BODY_TOO_LARGE', { limitBytes: 65_536 }).message).toContain('本接口上限 64 KB');
    expect(errorText('BODY_TOO_LARGE', { limitBytes: 2_097_152 }).message).toContain('本接口上限 2.0 MB');
    // 200 MB = 209,715,200 bytes; 300 MB in flight = 314,572,800 bytes.
    expect(errorText('UPLOAD_TOO_LARGE', { limitBytes: 209_715_200 }).message).toContain('一次上传的内容超过 200 MB');
    expect(errorText('UPLOAD_BUSY', { inFlightBytes: 314_572_800 }).message).toContain('约 300 MB');
    expect(errorText('UPLOAD_FIELD_TOO_LARGE', { field: 'note', maxBytes: 8192 }).message).toContain('最多 8 KB');
    // A member of a zip: 25 MB over 20 MB; 256 MB total.
    expect(errorText('FILE_TOO_LARGE', { of: 'workbook', zipFile: 'z.zip', fileName: 'a.xlsx', bytes: 26_214_400, limitBytes: 20_971_520 }).message).toMatch(
      /^压缩包 z\.zip 中的 a\.xlsx 大小 25 MB 超过上限（20 MB）：/,
    );
    expect(errorText('UPLOAD_TOO_LARGE', { zipFile: 'z.zip', maxTotalBytes: 268_435_456 }).message).toContain('总量超过 256 MB，压缩包 z.zip 未处理');
  });

  test('appError builds the AppError: code, catalogue status and message, where, facts', () => {
    const e = appError('SHA256_MISMATCH', { fileName: 'a.xlsx' }, { file: 'a.xlsx' });
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'SHA256_MISMATCH', status: 400, where: { file: 'a.xlsx' }, facts: { fileName: 'a.xlsx' } });
    expect(e.message).toBe('文件“a.xlsx”的校验值与内容不符，请重新上传。');
    expect(appError('BUSY')).toMatchObject({ code: 'BUSY', status: 503, where: {} });
  });

  test('an error said in a context keeps its code, status and where', () => {
    const inner = appError('PDF_NO_TEXT', { fileName: '报告.pdf' }, { file: '报告.pdf' });
    const framed = inContext(inner, 'baselineNotSaved');
    expect(framed).toMatchObject({ code: 'PDF_NO_TEXT', status: 400, where: { file: '报告.pdf' } });
    expect(framed.message).toBe(`上年数据未保存：${inner.message}`);
    const word = inContext(appError('ZIP_ENCRYPTED'), 'wordDocument', { fileName: '报告.docx' });
    expect(word.message).toBe('Word 文档“报告.docx”设置了密码，无法读取：请用 Word 或 WPS 打开后另存为 .docx（或导出为文字版 PDF）再上传');
    expect(inContext(appError('NOT_XLSX', { looksLike: 'pdf' }), 'wordDocument', { fileName: 'x.docx' }).message).toContain('无法读取');
  });

  test('an error revived from another process keeps its message', () => {
    expect(revivedError({ code: 'PDF_CORRUPT', message: '已写好的说明', status: 400 })).toMatchObject({ code: 'PDF_CORRUPT', message: '已写好的说明', status: 400 });
  });

  test('the OpenAPI error schema lists the catalogue codes (taken from it, not restated)', () => {
    const doc = createOpenApiDocument() as unknown as { components: { schemas: Record<string, { properties: { error: { properties: { code: Record<string, unknown> } } } }> } };
    const code = doc.components.schemas.Error.properties.error.properties.code;
    expect(code['x-error-codes']).toEqual(ERROR_CODES);
    expect(code['x-error-codes']).toEqual(expect.arrayContaining(['UNIT_UNKNOWN', 'REGISTRY_ROWS', 'NOT_FOUND', 'INTERNAL']));
    expect(Object.keys(ERROR_CATALOGUE)).toEqual(ERROR_CODES);
  });
});
