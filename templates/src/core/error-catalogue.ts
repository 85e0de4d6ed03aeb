// The error catalogue: every error code the project answers with, its HTTP status and its ONE
// Chinese message template, a function of typed facts (unit code, file, sheet, cell, year, limits …)
// that says where the fault is and what to do. `appError(code, facts, where?)` is the only way to
// build an AppError (eslint refuses `new AppError(` elsewhere); TypeScript refuses facts of the
// wrong shape for a code. The OpenAPI document lists these codes from here (ERROR_CODES).
import { AppError, type ErrorLocation } from './errors';
import { sheetTailMessage } from './messages';
import type { TailFault, TailLimits, TemplateArea } from './sheet-limits';

/** Facts of a code that needs none: no key may be given. */
type NoFacts = Record<string, never>;

export interface CatalogueEntry<F> {
  /** 4xx: the input or the state; 5xx: the server. A function only where the same fault is a 404 by path and a 400 by body. */
  readonly status: number | ((facts: F) => number);
  readonly message: (facts: F) => string;
}

const entry = <F extends object = NoFacts>(status: CatalogueEntry<F>['status'], message: (facts: F) => string): CatalogueEntry<F> => ({ status, message });

/** Where the thing was named: in the request path (not found, 404) or in what was submitted (400). */
type NamedIn = 'path' | 'body';
const notFoundOr400 = (f: { namedIn: NamedIn }) => (f.namedIn === 'path' ? 404 : 400);

const MB = 1024 * 1024;
const mbText = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;
const sizeText = (bytes: number) => (bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);
const list = (items: readonly (string | number)[]) => items.join('、');

const RESAVE_XLSX = '请用 Excel 或 WPS 打开后另存为 .xlsx 再上传';
const DOCX_RESAVE = '请用 Word 或 WPS 打开后另存为 .docx（或导出为文字版 PDF）再上传';
const PDF_ADVICE = '请重新导出 PDF，或上传 Word 文档';
const VIA_TOOLS = '请通过页面、填报助手或 npm run ingest 上传。';
const TRY_LATER = '请稍后重试';

const NOT_XLSX_ZH = {
  pdf: '这是 PDF 文件，不是 Excel 工作簿：请上传填好的 .xlsx 指标表，不要上传打印或导出的 PDF',
  old_xls: '这是旧版 .xls 或设置了打开密码的工作簿，请另存为 .xlsx 并取消密码后再上传',
  archive: '这是压缩包（RAR/7z/gz），不是 Excel 工作簿：请解压后上传其中的 .xlsx 文件',
  image: '这是图片，不是 Excel 工作簿：请上传填好的 .xlsx 指标表，不要上传截图或照片',
  markup: '这是网页或 XML 格式的文件（可能是某些系统导出的“伪 .xls”），不是 .xlsx 工作簿：请用 Excel 或 WPS 打开后另存为 .xlsx 再上传',
  text: '这是 CSV 或纯文本文件，不是 Excel 工作簿：请在标准模板中填报后保存为 .xlsx 再上传',
  other: '文件不是 Excel 工作簿（.xlsx）：请确认选对了文件，用 Excel 或 WPS 另存为 .xlsx 后再上传',
} as const;
const NOT_WORKBOOK_ZH = {
  word: '这是 Word 文档（.docx），不是 Excel 工作簿',
  powerpoint: '这是 PowerPoint 演示文稿（.pptx），不是 Excel 工作簿',
  xlsb: '这是二进制工作簿（.xlsb）',
  opendocument: '这是 OpenDocument 表格（.ods/.odt）',
  other: '这是一个压缩文件，但里面没有 Excel 工作簿内容（缺少 xl/workbook.xml）',
} as const;
const REGISTRY_FORMAT_ZH = {
  old_format: '是旧版 Excel/WPS 格式，系统无法读取。请在 Excel 或 WPS 中“另存为” .xlsx 或 .csv 后重新上传。',
  not_table: '不是 .xlsx 或 .csv 文件。请下载空白名录模板填写后上传，或另存为 .csv。',
  csv_invalid: '不是有效的 CSV：请检查引号是否成对，或用 Excel 重新另存为 CSV。',
  xlsx_unreadable: '无法作为 .xlsx 文件打开，文件可能已损坏或并非 Excel 文件。请用 Excel 打开后重新保存再上传。',
  no_sheet: '中没有工作表。',
} as const;
const FILE_MISSING_ZH = {
  workbooks: '请选择要上传的工作簿（.xlsx）或压缩包（.zip），表单字段名为“files”。',
  registry: '请选择要上传的单位名录文件（.csv 或 .xlsx），表单字段名为“file”。',
  reports: '请选择上年度的年度报告（.docx、.pdf、.txt，或装有它们的 .zip），表单字段名为“files”。',
  report_original: '请同时上传摘录所依据的年度报告文件（表单字段名为“file”），它将作为原件保存。',
} as const;
const FILE_TOO_LARGE_ADVICE = {
  workbook: '标准指标表通常不到 1 MB，请删除粘贴进来的图片或多余工作表后重新保存上传',
  report: '年度报告通常不到 1 MB，请删除其中的图片后再上传',
  upload: '请检查是否选错了文件。',
} as const;

/** A member of an uploaded zip: the zip's name and the member's path in it. */
type InZip = { zipFile: string; part: string };
const ZIP_OF = { workbook: '.xlsx 文件', report: '年度报告文件' } as const;

/** Facts of a workbook-parse failure: `pdfFile` when the child was reading a PDF report instead. */
type ParseFacts = { pdfFile?: string };
const parseMessage = (workbook: string) => (f: ParseFacts) =>
  f.pdfFile === undefined ? workbook : `PDF 文件“${f.pdfFile}”无法读取（文件结构异常或过于复杂）：${PDF_ADVICE}`;
type TailFacts = { sheet: string; fault: TailFault; area: TemplateArea; limits: TailLimits };
const tailMessage = (f: TailFacts) => sheetTailMessage(f.sheet, f.fault, f.area, f.limits);

export const ERROR_CATALOGUE = {
  // ---- request, transport and server ---------------------------------------------------------
  INTERNAL: entry(500, () => '服务器内部错误，请稍后重试或联系管理员'),
  NOT_FOUND: entry<{ method: string; url: string } | { addinFile: string } | { unitName: string; baselineYear: number }>(404, (f) => {
    if ('url' in f) return `接口不存在：${f.method} ${f.url}。可用接口见 /api/openapi.json。`;
    if ('addinFile' in f) return `加载项文件不存在：${f.addinFile}。加载项入口为 /addin/taskpane.html，清单为 /addin/manifest.xml。`;
    return `“${f.unitName}”还没有确认过 ${f.baselineYear} 年度的上年数据。`;
  }),
  ADDIN_NOT_BUILT: entry<{ what: string }>(
    404,
    (f) => `${f.what}尚未生成：请在服务器上运行 npm run build（并设置 ADDIN_BASE_URL 为本系统的 HTTPS 地址）后重启。`,
  ),
  INVALID_REQUEST: entry<{ fields: readonly { field: string; message: string }[] }>(
    400,
    (f) => `请求内容有误，请改正后重试：${f.fields.map((x) => `字段“${x.field}”：${x.message}`).join('；')}`,
  ),
  INVALID_JSON: entry(400, () => '请求内容不是合法的 JSON，请检查格式后重试。'),
  /** A 4xx of a library (express, body-parser) that says nothing more: its own status is kept. */
  BAD_REQUEST: entry<{ status: number }>((f) => f.status, () => '请求无法处理，请检查请求格式后重试。'),
  BODY_TOO_LARGE: entry<{ limitBytes: number }>(
    413,
    (f) => `请求内容过大（本接口上限 ${sizeText(f.limitBytes)}），未处理：请减少一次提交的数据量；上传工作簿请使用上传页面。`,
  ),
  LENGTH_REQUIRED: entry(411, () => '上传请求缺少长度信息（Content-Length），请用浏览器页面、填报助手或 npm run ingest 上传。'),
  UPLOAD_TOO_LARGE: entry<{ limitBytes: number } | { zipFile: string; maxTotalBytes?: number }>(413, (f) =>
    'zipFile' in f
      ? `本次上传解压后的文件总量超过${f.maxTotalBytes === undefined ? '上限' : ` ${mbText(f.maxTotalBytes)}`}，压缩包 ${f.zipFile} 未处理：请分批上传`
      : `一次上传的内容超过 ${Math.round(f.limitBytes / MB)} MB：请分几次上传（例如每次一个区的压缩包）。`,
  ),
  UPLOAD_BUSY: entry<{ inFlightBytes: number }>(
    503,
    (f) =>
      `服务器正在处理其他上传（约 ${Math.max(1, Math.round(f.inFlightBytes / MB))} MB），本次内容未接收、未保存：请过一两分钟再上传；如经常出现，请改为分批上传或联系管理员。`,
  ),
  UPLOAD_INVALID: entry<{ broken?: boolean }>(400, (f) =>
    f.broken ? '上传内容不完整或格式不正确（连接可能中断了）：请通过页面重新选择文件上传。' : '上传内容格式不正确，请通过页面重新选择文件上传。',
  ),
  UPLOAD_TOO_MANY_PARTS: entry<{ maxFields: number; counted: 'parts' | 'fields' }>(413, (f) =>
    f.counted === 'parts'
      ? `上传表单的部分过多（文件之外最多 ${f.maxFields} 个字段），已拒绝：${VIA_TOOLS}`
      : `上传表单的字段过多（最多 ${f.maxFields} 个），已拒绝：${VIA_TOOLS}`,
  ),
  UPLOAD_FIELD_TOO_LARGE: entry<{ field: string; maxBytes: number } | { longName: true }>(413, (f) =>
    'field' in f
      ? `上传表单中字段“${f.field}”的内容过长（最多 ${f.maxBytes / 1024} KB），已拒绝：${VIA_TOOLS}`
      : `上传表单中有过长的字段名，已拒绝：${VIA_TOOLS}`,
  ),
  TOO_MANY_FILES: entry<{ maxFiles: number }>(
    400,
    (f) => `一次上传的文件数超过上限（导入单位名录每次一个文件；上传工作簿每次最多 ${f.maxFiles} 个），请分批上传。`,
  ),
  UNEXPECTED_FIELD: entry<{ field: string }>(
    400,
    (f) => `收到了不认识的文件字段“${f.field}”：上传工作簿请放在表单字段“files”中，导入单位名录请放在“file”中。`,
  ),
  FILE_MISSING: entry<{ upload: keyof typeof FILE_MISSING_ZH }>(400, (f) => FILE_MISSING_ZH[f.upload]),
  STORE_BUSY: entry(503, () => '数据库正忙（可能有其他程序正在写入），本次内容未保存：请稍等片刻后重试。'),
  STORE_FULL: entry(503, () => '服务器磁盘空间不足或无法写入，本次内容未保存：请联系管理员检查并清理服务器磁盘后重试。'),
  BUSY: entry(503, () => `服务器繁忙，${TRY_LATER}`),
  POOL_CLOSED: entry(503, () => `服务正在停止，${TRY_LATER}`),
  PARSE_UNAVAILABLE: entry(503, () => '文件解析服务暂时无法启动，请稍后重试；如持续出现，请联系管理员'),
  PARSE_TIMEOUT: entry<ParseFacts>(422, parseMessage('文件解析超时：工作簿可能含有异常结构，请用标准模板重新填报后上传')),
  PARSE_CRASHED: entry<ParseFacts>(422, parseMessage('文件无法解析：工作簿可能已损坏或含有异常结构，请用标准模板重新填报后上传')),
  PARSE_FAILED: entry<ParseFacts>(500, parseMessage('文件解析出错：请确认上传的是用标准模板填报的 .xlsx 文件；如仍失败，请联系管理员')),
  PARSE_ANSWER_INVALID: entry<ParseFacts>(
    500,
    parseMessage('文件解析服务返回了无法识别的结果（系统内部错误），本文件未保存：请稍后重新上传；如仍出现，请联系管理员'),
  ),
  OUTPUT_CLOSED: entry(499, () => '汇总表尚未写完，下载连接已中断；请重新下载。'),

  // ---- sign-in and permissions ---------------------------------------------------------------
  AUTH_REQUIRED: entry(401, () => '尚未登录或登录已超时：请先登录；脚本和 Excel 加载项请在请求头 Authorization 中提供 API 令牌（Bearer）。'),
  LOGIN_FAILED: entry(401, () => '用户名或密码错误，请重新输入。连续多次输错将被暂时禁止登录。'),
  LOGIN_THROTTLED: entry<{ retryAfterMinutes: number }>(
    429,
    (f) => `登录失败次数过多，已暂时禁止登录，请 ${f.retryAfterMinutes} 分钟后再试；如忘记密码，请联系市级管理员重置。`,
  ),
  SESSION_EXPIRED: entry<{ idleMinutes?: number }>(401, (f) =>
    f.idleMinutes === undefined ? '登录已失效，请重新登录。' : `长时间未操作（超过 ${f.idleMinutes} 分钟），登录已超时，请重新登录。`,
  ),
  ACCOUNT_DISABLED: entry(401, () => '该账号已停用，请联系市级管理员。'),
  TOKEN_INVALID: entry(401, () => 'API 令牌无效或已被吊销，请向市级管理员申请新的令牌。'),
  CSRF: entry<{ origin?: string }>(403, (f) =>
    f.origin === undefined
      ? '页面安全校验失败（缺少或错误的 X-CSRF-Token），请刷新页面后重试。'
      : `请求来源“${f.origin}”不是本系统的地址，已拒绝。请直接在本系统的页面中操作。`,
  ),
  FORBIDDEN_ROLE: entry<{ roleLabel: string }>(403, (f) => `您的账号（${f.roleLabel}）无权执行此操作。如需办理，请联系市级管理员。`),
  FORBIDDEN_SCOPE: entry<{ what: string }>(
    403,
    (f) => `您的账号无权访问${f.what}：只能查看和办理本账号负责范围内的单位。如需更多权限，请联系市级管理员。`,
  ),

  // ---- accounts and tokens -------------------------------------------------------------------
  SCOPE_REQUIRED: entry<{ role: 'unit' | 'district_admin' }>(400, (f) =>
    f.role === 'unit' ? '填报单位账号必须指定单位代码（unitCode）。' : '区级管理员账号必须指定区代码（districtCode）。',
  ),
  USER_NOT_FOUND: entry<{ id: string }>(404, (f) => `找不到编号为 ${f.id} 的账号：请刷新账号列表后重试。`),
  TOKEN_NOT_FOUND: entry<{ id: string }>(404, (f) => `找不到编号为 ${f.id} 的令牌：请刷新令牌列表后重试。`),
  USERNAME_TAKEN: entry<{ username: string }>(409, (f) => `用户名“${f.username}”已被使用，请换一个用户名。`),
  SELF_LOCKOUT: entry(409, () => '不能停用自己的账号或取消自己的市级管理员角色，请由另一位市级管理员办理。'),
  // Accounts at scale (issue 14 item 4): one-time passwords, bulk unit accounts, one's own password.
  PASSWORD_CHANGE_REQUIRED: entry(403, () => '您使用的是一次性密码：请先设置自己的新密码（“修改密码”），然后才能继续使用本系统。'),
  SELF_RESET: entry(409, () => '不能为自己重置密码：请在页面右上角“修改密码”中修改自己的密码。'),
  BULK_CITY_FORBIDDEN: entry(403, () => '区级管理员只能为本区单位建账户：请给出 {"districtCode": "本区代码"}。'),
  BULK_OTHER_DISTRICT: entry<{ districtCode: string }>(403, (f) => `您的账号只能为本区单位建账户，不能为区代码“${f.districtCode}”的单位建账户。`),
  BULK_USERNAMES_TAKEN: entry<{ listed: string; count: number }>(
    409,
    (f) =>
      `用户名${f.listed}${f.count > 5 ? `等 ${f.count} 个` : ''}已被其他账号使用（批量建立的单位账户以单位代码为用户名）：请先将这些账号改名或为该单位单独建账户，然后重试。本次未建立任何账户。`,
  ),
  PASSWORD_SAME: entry(400, () => '新密码不能与当前密码相同，请换一个。'),
  PASSWORD_WEAK: entry(400, () => '新密码不能与用户名相同，请换一个。'),
  PASSWORD_WRONG: entry(400, () => '当前密码不正确，请重新输入（使用一次性密码登录的，请输入那个一次性密码）。连续多次输错将被暂时禁止登录。'),
  PASSWORD_CHANGED: entry(409, () => '密码刚刚已被修改（另一个窗口或管理员重置），请重新登录后再试。'),

  // ---- registry, years, catalogue ------------------------------------------------------------
  UNIT_UNKNOWN: entry<{ unitCode: string; namedIn: NamedIn; field?: string }>(notFoundOr400, (f) => {
    const field = f.field ?? '单位代码';
    return `${field}“${f.unitCode}”不在单位名录中：请核对${field}；如确为新增单位，请联系市级管理员先导入包含该单位的名录。`;
  }),
  DISTRICT_UNKNOWN: entry<{ districtCode: string; namedIn: NamedIn }>(
    notFoundOr400,
    (f) => `区代码“${f.districtCode}”不在单位名录中：请核对区代码（各区代码见单位名录；市级部门不属于任何区，由市级直接审核）。`,
  ),
  UNIT_TYPE_UNKNOWN: entry<{ text: string }>(
    404,
    (f) => `没有“${f.text}”这种模板：部门（含区级部门、市级部门）用 department，区人民政府用 district_gov。`,
  ),
  REGISTRY_FORMAT: entry<{ fileName: string; fault: keyof typeof REGISTRY_FORMAT_ZH; line?: number }>(
    400,
    (f) => `名录文件“${f.fileName}”${f.line ? `第${f.line}行附近` : ''}${REGISTRY_FORMAT_ZH[f.fault]}`,
  ),
  REGISTRY_ROWS: entry<{ rows: readonly string[] }>(
    400,
    (f) => `单位名录有 ${f.rows.length} 处错误，本次未导入任何单位。请按行号改正后重新上传。${f.rows.slice(0, 3).join('')}${f.rows.length > 3 ? '……' : ''}`,
  ),
  REGISTRY_EMPTY: entry<{ fileName: string }>(400, (f) => `文件“${f.fileName}”中没有任何单位，请在表头下逐行填写单位后重新上传。`),
  YEAR_UNKNOWN: entry<{ year: number; namedIn: NamedIn; openYears?: readonly number[] }>(
    notFoundOr400,
    (f) =>
      `${f.year}年度尚未开放填报${f.openYears ? `（已有年度：${list(f.openYears) || '无'}）` : ''}：请核对年度，或请先由市级管理员开放该年度（POST /api/years）。`,
  ),
  YEAR_EXISTS: entry<{ year: number; catalogueVersion: string; deadline: string }>(
    409,
    (f) => `${f.year}年度已经开放过（指标目录 ${f.catalogueVersion}，截止 ${f.deadline}），不能重复开放。`,
  ),
  YEAR_LOCKED: entry<{ year: number; refused: '审核' | '免报单位' | '上报' | '确认或退回' }>(
    409,
    (f) => `${f.year} 年度已锁定，不能再${f.refused}。如需变更，请由市级管理员解除锁定。`,
  ),
  /** statusLabel: the year status's name from the contract module (YEAR_STATUS_LABELS). */
  YEAR_NOT_OPEN: entry<{ year: number; statusLabel: string }>(
    409,
    (f) => `${f.year} 年度当前为“${f.statusLabel}”，不能为单位重新开放填报。请先由市级管理员把该年度恢复为开放。`,
  ),
  INVALID_DEADLINE: entry<{ year: number; deadline: string }>(
    400,
    (f) => `报送截止日期应晚于该年度结束（年度数据在次年填报）：${f.year} 年度的截止日期应晚于 ${f.year}-12-31，收到 ${f.deadline}。`,
  ),
  CATALOGUE_UNKNOWN: entry<{ year: number; catalogueVersion: string }>(
    500,
    (f) => `${f.year} 年度使用的指标目录 ${f.catalogueVersion} 不在本程序中：请联系系统管理员升级汇总端。`,
  ),

  // ---- submissions and review ----------------------------------------------------------------
  SUBMISSION_NOT_FOUND: entry<{ id: string; fileMissing?: boolean }>(404, (f) =>
    f.fileMissing
      ? `编号为 ${f.id} 的报送记录在，但服务器上找不到它的原始文件：请联系管理员检查数据库中的原件。`
      : `找不到编号为 ${f.id} 的报送记录：请核对编号，或刷新报送列表后重新打开。`,
  ),
  SHA256_MISMATCH: entry<{ fileName: string }>(400, (f) => `文件“${f.fileName}”的校验值与内容不符，请重新上传。`),
  SUBMISSION_LOCKED: entry<{ unitName: string; year: number; currentVersion?: number }>(
    409,
    (f) =>
      `“${f.unitName}”${f.year} 年度的重新开放只允许再上传一次，已被同时上传的另一份文件用掉${f.currentVersion === undefined ? '' : `（该单位现为第 ${f.currentVersion} 版）`}，本文件未保存。请先查看该单位的当前版本；如仍需更正，请联系区级或市级管理员再次重新开放后上传。`,
  ),
  NOT_CURRENT: entry<{ unitName: string; version?: number }>(
    409,
    (f) => `“${f.unitName}”的${f.version === undefined ? '这份报表' : `第 ${f.version} 版`}已被更新的版本取代（可能刚刚上传了新版本），只能审核当前版本：请刷新后审核新版本。`,
  ),
  ALREADY_ACCEPTED: entry<{ unitName: string }>(
    409,
    (f) => `“${f.unitName}”的这份报表已审核通过并锁定。如需更正，请先重新开放该单位的填报，待单位重新上传后再审核。`,
  ),
  BATCH_NOT_PENDING: entry<{ unitName: string }>(
    409,
    (f) => `“${f.unitName}”的报表不是待审核状态，批量通过只处理待审核的报表。请从勾选中去掉该单位后重试；本批次未作任何变更。`,
  ),
  BATCH_HAS_ERRORS: entry<{ unitName: string; errors: number }>(
    409,
    (f) => `“${f.unitName}”的报表有 ${f.errors} 处错误，不能批量通过。请逐份审核该单位的报表；本批次未作任何变更。`,
  ),
  DIFF_OTHER_UNIT: entry<{ otherId: string; otherUnitCode: string; unitCode: string }>(
    400,
    (f) => `编号 ${f.otherId} 是单位“${f.otherUnitCode}”的报送，不是本单位（${f.unitCode}）的：只能与本单位的其他版本比较，请换一个对比版本。`,
  ),

  // ---- district sign-off ---------------------------------------------------------------------
  DISTRICT_CONFIRMED: entry<{ districtName: string; year: number; unitName?: string }>(409, (f) =>
    f.unitName === undefined
      ? `${f.districtName} ${f.year} 年度的上报已经市级确认。如需更正，请联系市级管理员退回。`
      : `${f.districtName} ${f.year} 年度的上报已经市级确认，该区单位“${f.unitName}”已锁定，不能再审核、免报或上传。如需更正，请联系市级管理员退回该区或重新开放该单位。`,
  ),
  DISTRICT_ALREADY_SUBMITTED: entry<{ districtName: string; year: number }>(
    409,
    (f) => `${f.districtName} ${f.year} 年度已上报市级，正在等待市级确认，无需重复上报。`,
  ),
  DISTRICT_INCOMPLETE: entry<{ districtName: string; year: number; missing: readonly string[]; pending: readonly string[] }>(409, (f) => {
    const parts = [
      ...(f.missing.length > 0 ? [`未报送：${list(f.missing)}`] : []),
      ...(f.pending.length > 0 ? [`未审核通过（待审核或已退回）：${list(f.pending)}`] : []),
    ];
    return `${f.districtName} ${f.year} 年度还不能上报市级：${parts.join('；')}。请先审核通过这些单位的报表，或对确实无需报送的单位办理免报（写明理由）。`;
  }),
  DISTRICT_NOT_SUBMITTED: entry<{ districtName: string; year: number; stateLabel: string; decision: 'confirm' | 'return' }>(
    409,
    (f) => `${f.districtName} ${f.year} 年度当前状态为“${f.stateLabel}”，只有“已上报”的区才能${f.decision === 'confirm' ? '确认' : '退回'}。`,
  ),

  // ---- rollups and drafts --------------------------------------------------------------------
  GROUP_UNKNOWN: entry<{ code: string; cityCode: string; cityDepartmentsCode: string }>(
    404,
    (f) => `没有代码为“${f.code}”的汇总范围（全市为 ${f.cityCode}，市级部门为 ${f.cityDepartmentsCode}，各区用区代码）。`,
  ),
  ROLLUP_UNIT_DUPLICATE: entry<{ unitCode: string }>(400, (f) => `单位名录中单位代码“${f.unitCode}”重复出现，请修正名录后再汇总。`),
  ROLLUP_UNIT_NO_DISTRICT: entry<{ unitName: string; unitCode: string }>(
    400,
    (f) => `单位“${f.unitName}”（${f.unitCode}）是区级单位但未填所属区代码，无法归入任何区；请在单位名录中补填所属区后再汇总。`,
  ),
  ROLLUP_DISTRICT_UNKNOWN: entry<{ year: number; districtCode: string }>(
    404,
    (f) => `${f.year}年度汇总中没有代码为“${f.districtCode}”的区，请核对区代码（如南开区为120104）。`,
  ),
  ROLLUP_GROUP_UNKNOWN: entry<{ groupCode: string }>(404, (f) => `汇总中没有代码为“${f.groupCode}”的区或分组，请核对区代码。`),
  ROLLUP_INDICATOR_UNKNOWN: entry<{ year: number; indicator: string }>(
    404,
    (f) => `${f.year}年度汇总中没有指标“${f.indicator}”，请核对指标代码。`,
  ),
  DRAFT_NO_SUBMISSION: entry<{ unitName: string; year: number }>(
    404,
    (f) => `${f.unitName}${f.year}年度尚未报送，无法生成报告草稿：请先上传填好的${f.year}年度报表。`,
  ),
  DRAFT_CODE_REQUIRED: entry<{ level: 'unit' | 'district' }>(400, (f) =>
    f.level === 'unit' ? '请用 code 给出单位代码，如 code=120101002。' : '请用 code 给出区代码，如 code=120101（和平区）。',
  ),
  DRAFT_PHRASES_MISSING: entry<{ catalogueVersion: string }>(
    500,
    (f) =>
      `指标目录 ${f.catalogueVersion} 还没有报告草稿的措辞文件（templates/catalogue/${f.catalogueVersion}.phrases.json），暂不能生成草稿；请参照 2024.1.phrases.json 编写。`,
  ),

  // ---- last year's figures (baselines) -------------------------------------------------------
  VALUES_MISSING: entry(400, () => '请在表单字段“values”中提交确认的数值（JSON）。'),
  VALUES_NOT_JSON: entry(400, () => '表单字段“values”不是有效的 JSON。'),
  VALUES_INVALID: entry<{ fields: readonly { field: string; message: string }[] }>(
    400,
    (f) => `上年数据未保存：请求内容有误，请改正后重试：${f.fields.map((x) => `字段“${x.field}”：${x.message}`).join('；')}`,
  ),
  BASELINE_INVALID: entry<{ faults: readonly string[] }>(400, (f) => `上年数据未保存，请修改后重试：\n- ${f.faults.join('\n- ')}`),
  ENTRY_MISSING: entry<{ fileName: string; entry: string }>(
    400,
    (f) => `上年数据未保存：上传的文件“${f.fileName}”中没有“${f.entry}”，请重新选择年度报告后再确认。`,
  ),
  OLD_WORD: entry<{ fileName: string }>(400, (f) => `文件“${f.fileName}”是旧版 Word（.doc）或 WPS 格式：请用 Word 或 WPS 另存为 .docx 后再上传`),
  NOT_REPORT: entry<{ fileName: string }>(
    400,
    (f) => `文件“${f.fileName}”不是 Word 文档、PDF 或纯文本：请上传年度报告的 .docx、.pdf 或 .txt 文件`,
  ),
  NOT_DOCX: entry<{ fileName: string }>(
    400,
    (f) => `文件“${f.fileName}”是压缩文件，但不是 Word 文档（缺少正文部件）：${DOCX_RESAVE}`,
  ),
  PDF_ENCRYPTED: entry<{ fileName: string }>(400, (f) => `PDF 文件“${f.fileName}”设置了打开密码，无法读取：请去掉密码后重新导出 PDF，或上传 Word 文档`),
  PDF_CORRUPT: entry<{ fileName: string }>(400, (f) => `PDF 文件“${f.fileName}”已损坏或不是 PDF，无法读取：${PDF_ADVICE}`),
  PDF_TOO_LONG: entry<{ fileName: string; pages: number; maxPages: number }>(
    400,
    (f) => `PDF 文件“${f.fileName}”有 ${f.pages} 页，超过 ${f.maxPages} 页的上限：年度报告通常不到 20 页，请只上传报告本身`,
  ),
  PDF_NO_TEXT: entry<{ fileName: string }>(
    400,
    (f) =>
      `PDF 文件“${f.fileName}”没有可读取的文字（可能是扫描件或图片转成的 PDF）：请上传 Word 文档或由 Word/WPS 直接导出的 PDF；只有纸质扫描件的，请先用文字识别（OCR）转成文字`,
  ),

  // ---- files: the zip gate, XML and the workbook reader --------------------------------------
  EMPTY_FILE: entry<{ fileName?: string; noText?: boolean }>(400, (f) =>
    f.fileName === undefined
      ? '上传的文件是空的（0 字节）：请确认选对了文件，或重新保存工作簿后再上传'
      : `文件“${f.fileName}”${f.noText ? '里没有文字' : '是空的（0 字节）'}：请确认选对了文件`,
  ),
  FILE_TOO_LARGE: entry<{ of: keyof typeof FILE_TOO_LARGE_ADVICE; limitBytes: number; bytes?: number; fileName?: string; zipFile?: string }>(
    413,
    (f) =>
      `${f.zipFile === undefined ? '' : `压缩包 ${f.zipFile} 中的`}${f.fileName === undefined ? (f.bytes === undefined ? '上传的文件' : '文件') : f.zipFile === undefined ? `文件“${f.fileName}”` : ` ${f.fileName} `}${f.bytes === undefined ? '' : `大小 ${mbText(f.bytes)} `}超过${f.bytes === undefined ? '大小' : ''}上限（${mbText(f.limitBytes)}）：${FILE_TOO_LARGE_ADVICE[f.of]}`,
  ),
  NOT_XLSX: entry<{ looksLike: keyof typeof NOT_XLSX_ZH } | InZip>(400, (f) =>
    'zipFile' in f ? `压缩包 ${f.zipFile} 中的 ${f.part} 不是 .xlsx 文件，已跳过` : NOT_XLSX_ZH[f.looksLike],
  ),
  NOT_WORKBOOK: entry<{ looksLike: keyof typeof NOT_WORKBOOK_ZH }>(
    400,
    (f) => `${NOT_WORKBOOK_ZH[f.looksLike]}：请在标准模板中填报，用 Excel 或 WPS 保存为 .xlsx 后再上传`,
  ),
  ZIP_CORRUPT: entry<{ damage: string }>(
    400,
    (f) => `文件已损坏（${f.damage}），可能下载或上传不完整：请用 Excel 或 WPS 打开确认内容完好，另存为 .xlsx 后重新上传`,
  ),
  ZIP_ENCRYPTED: entry<NoFacts | InZip>(400, (f) =>
    'zipFile' in f
      ? `压缩包 ${f.zipFile} 中的 ${f.part} 设置了解压密码，无法读取，已跳过：请去掉密码重新压缩后上传`
      : '文件经过压缩软件加密，无法读取：请解除加密后用 Excel 或 WPS 另存为 .xlsx 再上传',
  ),
  ZIP_DUPLICATE_ENTRY: entry<{ part: string }>(400, (f) => `文件内部有两个同名的部件“${f.part}”，不是正常的 Excel 工作簿：${RESAVE_XLSX}`),
  ZIP_UNSAFE_NAME: entry<{ part: string }>(
    400,
    (f) => `文件内部部件名“${f.part}”不安全（绝对路径或含 ../），Excel 不会生成这种文件，已拒绝：${RESAVE_XLSX}`,
  ),
  ZIP_TOO_MANY_ENTRIES: entry<{ count: number; maxEntries: number; zipFile?: string }>(
    400,
    (f) =>
      f.zipFile !== undefined
        ? `压缩包 ${f.zipFile} 中有 ${f.count} 个文件，超过上限 ${f.maxEntries} 个：请分成几个压缩包分批上传`
        : `文件内部有 ${f.count} 个部件，超过上限 ${f.maxEntries} 个，不是正常的指标表：请使用标准模板填报，删除多余的工作表、图片后另存为 .xlsx 再上传`,
  ),
  ZIP_BOMB: entry<
    | { part: string; maxRatio: number }
    | { part: string; maxPartBytes: number; maxTotalBytes: number }
    | (InZip & { maxRatio?: number; maxBytes?: number })
  >(400, (f) => {
    if ('zipFile' in f) {
      const why = f.maxRatio !== undefined ? `压缩比超过 ${f.maxRatio}:1` : f.maxBytes !== undefined ? `解压后超过 ${mbText(f.maxBytes)}` : '解压后过大或压缩比异常';
      return `压缩包 ${f.zipFile} 中的 ${f.part} ${why}，可能是恶意构造的“压缩炸弹”，整个压缩包已拒绝：请直接压缩要上传的文件后重新上传`;
    }
    const why = 'maxRatio' in f ? `压缩比超过 ${f.maxRatio}:1` : `解压后超过单个部件 ${mbText(f.maxPartBytes)} 或全部 ${mbText(f.maxTotalBytes)} 的上限`;
    return `文件内部部件“${f.part}”${why}，可能是恶意构造的“压缩炸弹”，已拒绝：请使用标准模板填报，用 Excel 或 WPS 另存为 .xlsx 后再上传`;
  }),
  ZIP_UNSUPPORTED: entry<{ fileName: string }>(
    400,
    (f) => `${f.fileName} 不是 zip 格式的压缩包（目前只支持 .zip，不支持 RAR/7z）：请改用 zip 格式压缩后重新上传`,
  ),
  ZIP_TOO_DEEP: entry<{ fileName: string; maxDepth: number; of: keyof typeof ZIP_OF }>(
    400,
    (f) => `${f.fileName} 是压缩包里的压缩包，嵌套层数超过 ${f.maxDepth} 层，已跳过：请解压后把${ZIP_OF[f.of]}直接放进一个压缩包再上传`,
  ),
  ZIP_BROKEN: entry<{ zipFile: string }>(400, (f) => `压缩包 ${f.zipFile} 已损坏或不完整，无法解压：请重新压缩（zip 格式）后再上传`),
  ZIP_EMPTY: entry<{ zipFile: string; of: keyof typeof ZIP_OF }>(400, (f) =>
    f.of === 'workbook'
      ? `压缩包 ${f.zipFile} 中没有 .xlsx 文件：请确认压缩的是填报好的指标表工作簿`
      : `压缩包 ${f.zipFile} 中没有年度报告文件（.docx、.pdf 或 .txt）`,
  ),
  XML_DOCTYPE: entry<{ part: string }>(
    400,
    (f) => `文件内部部件“${f.part}”含有 DOCTYPE/ENTITY 声明，Excel 不会生成这种内容，可能是恶意构造的文件，已拒绝：${RESAVE_XLSX}`,
  ),
  XML_CORRUPT: entry<{ part: string; reason: string; sheet?: string }>(
    400,
    (f) => `${f.sheet === undefined ? '' : `工作表“${f.sheet}”已损坏：`}工作簿内部部件“${f.part}”的格式已损坏（${f.reason}）：${RESAVE_XLSX}`,
  ),
  WORKBOOK_CORRUPT: entry<{ sheet: string; part: string }>(
    400,
    (f) => `工作簿已损坏：找不到工作表“${f.sheet}”的内容（${f.part}）：${RESAVE_XLSX}`,
  ),
  CELL_AMBIGUOUS: entry<{ sheet: string; cell: string; repeatedRow?: number }>(
    422,
    (f) =>
      `工作表“${f.sheet}”的 ${f.cell}：${f.repeatedRow === undefined ? '该单元格在文件中出现了两次' : `第 ${f.repeatedRow} 行在文件中出现了两次`}，Excel 中只能显示其中一个，无法确定填报单位看到的是哪个值（Excel 不会生成这种文件），已拒绝：${RESAVE_XLSX}`,
  ),
  SHARED_STRING_INVALID: entry<{ sheet: string; cell: string; index: string; count: number }>(
    422,
    (f) =>
      `工作表“${f.sheet}”的 ${f.cell}：引用的共享文本编号“${f.index.trim()}”${/^\s*\d{1,9}\s*$/.test(f.index) ? `超出了文本表的范围（共 ${f.count} 条）` : '不是整数'}，无法确定该单元格显示的内容（Excel 不会生成这种文件），已拒绝：${RESAVE_XLSX}`,
  ),
  SHEET_RANGE: entry<TailFacts>(422, tailMessage),
  TOO_MANY_MERGES: entry<TailFacts>(422, tailMessage),
  SHEET_RANGE_CELLS: entry<TailFacts>(422, tailMessage),
  PREFILL_MISMATCH: entry<{ unitName: string; unitCode: string; typeLabel: string; unitType: 'department' | 'district_gov' }>(
    400,
    (f) =>
      `单位“${f.unitName}”（${f.unitCode}）是${f.typeLabel}，不能用${f.unitType === 'district_gov' ? '区人民政府' : '部门'}模板预填，请选择对应的单位类型。`,
  ),
};
// Checked apart: a `satisfies` here would infer `never` as the facts of codes that take none.
const _everyEntry: Record<string, CatalogueEntry<never>> = ERROR_CATALOGUE;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export type ErrorFacts<C extends ErrorCode> = (typeof ERROR_CATALOGUE)[C] extends CatalogueEntry<infer F> ? F : never;
export type FactsArgs<C extends ErrorCode> = NoFacts extends ErrorFacts<C> ? [facts?: ErrorFacts<C>, where?: ErrorLocation] : [facts: ErrorFacts<C>, where?: ErrorLocation];

/** Every code, in catalogue order (the OpenAPI document lists these). */
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

export const isErrorCode = (code: string): code is ErrorCode => Object.prototype.hasOwnProperty.call(ERROR_CATALOGUE, code);

/** The code's status and message for these facts, for answers that are not thrown (the error mapper, parse results). */
export function errorText<C extends ErrorCode>(code: C, ...[facts]: FactsArgs<C>): { code: C; status: number; message: string } {
  const { status, message } = ERROR_CATALOGUE[code] as unknown as CatalogueEntry<ErrorFacts<C>>;
  const f = (facts ?? {}) as ErrorFacts<C>;
  return { code, status: typeof status === 'function' ? status(f) : status, message: message(f) };
}

/** The AppError of a code: its catalogue status and message, the facts kept for a later reframing. */
export function appError<C extends ErrorCode>(code: C, ...[facts, where]: FactsArgs<C>): AppError {
  const { status, message } = errorText(code, ...([facts] as FactsArgs<C>));
  return new AppError(code, message, status, where ?? {}, facts ?? {});
}

/**
 * An error answered by another process (the parse child) or stored with a result, as code, message
 * and status: its message was written from this catalogue over there, so it is kept, not rewritten.
 */
export function revivedError(failure: { code: string; message: string; status?: number }, where?: ErrorLocation): AppError {
  return new AppError(failure.code, failure.message, failure.status ?? 400, where ?? {});
}

// ---- one error seen in a context: same code and status, the message said for that context --------

const IN_WORD_DOCUMENT: Partial<Record<ErrorCode, string>> = {
  EMPTY_FILE: '是空文件（0 字节）',
  FILE_TOO_LARGE: '超过 20 MB 的大小上限（年度报告通常不到 1 MB，请删除其中的图片）',
  ZIP_ENCRYPTED: '设置了密码，无法读取',
  ZIP_BOMB: '内部部件解压后过大或压缩比异常，可能是恶意构造的文件，已拒绝',
  ZIP_TOO_MANY_ENTRIES: '内部部件过多，不像正常的 Word 文档',
  ZIP_UNSAFE_NAME: '内部部件名不安全，已拒绝',
  ZIP_DUPLICATE_ENTRY: '内部有同名部件，不是正常的 Word 文档',
  ZIP_CORRUPT: '已损坏，可能下载或上传不完整',
  XML_DOCTYPE: '含有 DOCTYPE/ENTITY 声明，Word 不会生成这种内容，已拒绝',
  XML_CORRUPT: '内部格式已损坏',
};

export const ERROR_CONTEXTS = {
  /** A baseline confirmation refused: nothing was saved. */
  baselineNotSaved: (e: AppError) => `上年数据未保存：${e.message}`,
  /** The zip gate's workbook wording, said of a Word report. */
  wordDocument: (e: AppError, facts: { fileName: string }) =>
    `Word 文档“${facts.fileName}”${(isErrorCode(e.code) && IN_WORD_DOCUMENT[e.code]) || '无法读取'}：${DOCX_RESAVE}`,
} satisfies Record<string, (e: AppError, facts: never) => string>;

type ContextFacts<K extends keyof typeof ERROR_CONTEXTS> = Parameters<(typeof ERROR_CONTEXTS)[K]>[1];

/** The same error (code, status, where) with the message its context says (e.g. 上年数据未保存：…). */
export function inContext<K extends keyof typeof ERROR_CONTEXTS>(
  e: AppError,
  context: K,
  ...[facts]: ContextFacts<K> extends undefined ? [] : [facts: NonNullable<ContextFacts<K>>]
): AppError {
  const say = ERROR_CONTEXTS[context] as (e: AppError, facts: unknown) => string;
  return new AppError(e.code, say(e, facts), e.status, e.where, e.facts);
}
