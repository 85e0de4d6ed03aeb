import { currentCatalogue } from './catalogue';
import type { UnitType } from './catalogue';
import type { Problem, Severity } from './model';
import { INPUT_SHEET } from './contract';
import { batchYearProblems, countItems, hasErrors, validateSheet } from './validate';
import {
  booleanCell,
  errorCell,
  filledSheet,
  formulaCell,
  refOf,
  validInputs,
  validSheet,
} from '../../../test/support/sheet-builder';
import type { CellInput } from '../../../test/support/sheet-builder';

const cat = currentCatalogue();
const validate = (unitType: UnitType, cells: Record<string, CellInput>, opts?: { reportYear?: number }) =>
  validateSheet(cat, filledSheet(unitType, cells), opts);
const addressOf = (code: string) => refOf(code).address;
const nameOf = (code: string) => cat.field(code)!.name_zh;
const summary = (problems: Problem[]) => problems.map((p) => `${p.severity} ${p.rule} ${p.cells[0]?.address ?? '-'}`);

interface RuleCase {
  rule: string;
  unitType: UnitType;
  /** Only this problem is expected from `failing`. */
  severity: Severity;
  /** The cell to fix: first in the problem's cells. */
  at: string;
  failing: Record<string, CellInput>;
  passing: Record<string, CellInput>;
  /** Text the message must contain besides the location. */
  says: string;
}

const cases: RuleCase[] = [
  { rule: 'R01', unitType: 'district_gov', severity: 'error', at: 'recon.closed', says: '本年度审结（办结）行政复议案件数 10 ＞ 本年度受理行政复议案件数 5 ＋ 上年结转行政复议案件数 2 ＝ 7',
    failing: { 'recon.accepted': 5, 'recon.carried_over': 2, 'recon.closed': 10 },
    passing: { 'recon.accepted': 5, 'recon.carried_over': 5, 'recon.closed': 10 } },
  { rule: 'R02', unitType: 'district_gov', severity: 'error', at: 'recon.revoked_changed', says: '＝ 6 ＞ 本年度审结（办结）行政复议案件数 5',
    failing: { 'recon.closed': 5, 'recon.revoked_changed': 2, 'recon.confirmed_illegal': 2, 'recon.ordered_perform': 1, 'recon.mediated': 1 },
    passing: { 'recon.closed': 6, 'recon.revoked_changed': 2, 'recon.confirmed_illegal': 2, 'recon.ordered_perform': 1, 'recon.mediated': 1 } },
  { rule: 'R03', unitType: 'district_gov', severity: 'info', at: 'recon.corrected', says: '直接纠错数由系统计算，不得手工填写。',
    failing: { 'recon.corrected': 7 },
    passing: { 'recon.corrected': formulaCell('E68+E69+E70', 7) } },
  { rule: 'R04', unitType: 'department', severity: 'error', at: 'litig.lost', says: '一审败诉案件数 5 ＞ 一审审结案件数 3',
    failing: { 'litig.lost': 5, 'litig.concluded': 3 },
    passing: { 'litig.lost': 3, 'litig.concluded': 3 } },
  { rule: 'R05', unitType: 'department', severity: 'error', at: 'litig.head_appeared', says: '行政机关负责人出庭应诉案件数 4 ＞ 开庭审理案件数 3',
    failing: { 'litig.head_appeared': 4, 'litig.hearings': 3 },
    passing: { 'litig.head_appeared': 3, 'litig.hearings': 3 } },
  { rule: 'R06', unitType: 'district_gov', severity: 'error', at: 'learn.exam_participants', says: '实际参考人数 11 ＞ 年度网上学法用法考试应参考人数 10',
    failing: { 'learn.exam_participants': 11, 'learn.exam_required': 10 },
    passing: { 'learn.exam_participants': 9, 'learn.exam_required': 10 } },
  { rule: 'R07', unitType: 'department', severity: 'error', at: 'learn.exam_passed', says: '考试合格人数 11 ＞ 实际参考人数 10',
    failing: { 'learn.exam_passed': 11, 'learn.exam_participants': 10 },
    passing: { 'learn.exam_passed': 10, 'learn.exam_participants': 10 } },
  { rule: 'R08', unitType: 'department', severity: 'error', at: 'learn.pre_appointment_passed', says: '任前法律知识考试通过人数 6 ＞ 领导干部任前法律知识考试参考人数 5',
    failing: { 'learn.pre_appointment_passed': 6, 'learn.pre_appointment_participants': 5 },
    passing: { 'learn.pre_appointment_passed': 5, 'learn.pre_appointment_participants': 5 } },
  { rule: 'R09', unitType: 'department', severity: 'warning', at: 'learn.exam_participants', says: '实际参考人数 9',
    failing: { 'learn.online_all_completed': '是', 'learn.exam_required': 10, 'learn.exam_participants': 9 },
    passing: { 'learn.online_all_completed': '是', 'learn.exam_required': 10, 'learn.exam_participants': 10 } },
  { rule: 'R10', unitType: 'district_gov', severity: 'error', at: 'disp.mediation_success', says: '调解成功案件数 6 ＞ 人民调解案件数 5',
    failing: { 'disp.mediation_success': 6, 'disp.mediation_cases': 5, 'disp.mediation_orgs': 1 },
    passing: { 'disp.mediation_success': 5, 'disp.mediation_cases': 5, 'disp.mediation_orgs': 1 } },
  { rule: 'R11', unitType: 'district_gov', severity: 'warning', at: 'disp.mediation_orgs', says: '人民调解案件数 3，人民调解组织数 0',
    failing: { 'disp.mediation_cases': 3, 'disp.mediation_orgs': 0 },
    passing: { 'disp.mediation_cases': 3, 'disp.mediation_orgs': 2 } },
  { rule: 'R12', unitType: 'department', severity: 'error', at: 'sup.proposals_closed', says: '已办结（办复）件数 6 ＞ 承办人大代表建议、政协委员提案件数 5',
    failing: { 'sup.proposals_closed': 6, 'sup.proposals_received': 5 },
    passing: { 'sup.proposals_closed': 5, 'sup.proposals_received': 5 } },
  { rule: 'R13', unitType: 'department', severity: 'error', at: 'sup.proposals_ontime', says: '按时办复件数 6 ＞ 已办结（办复）件数 5',
    failing: { 'sup.proposals_ontime': 6, 'sup.proposals_closed': 5 },
    passing: { 'sup.proposals_ontime': 4, 'sup.proposals_closed': 5 } },
  { rule: 'R14', unitType: 'department', severity: 'error', at: 'reg.ns_filed', says: '按规定报送备案数 3 ＞ 本年度制发行政规范性文件数 2',
    failing: { 'reg.ns_filed': 3, 'reg.ns_issued': 2 },
    passing: { 'reg.ns_filed': 2, 'reg.ns_issued': 2 } },
  { rule: 'R15', unitType: 'department', severity: 'error', at: 'reg.review_done', says: '完成合法性审核的文件数 3 ＞ 应进行合法性审核的文件数 2',
    failing: { 'reg.review_done': 3, 'reg.review_required': 2 },
    passing: { 'reg.review_done': 2, 'reg.review_required': 2 } },
  { rule: 'R16', unitType: 'department', severity: 'warning', at: 'reg.contracts_reviewed', says: '合同（协议）合法性审核件数 3 ＞ 完成合法性审核的文件数 2',
    failing: { 'reg.contracts_reviewed': 3, 'reg.review_done': 2 },
    passing: { 'reg.contracts_reviewed': 2, 'reg.review_done': 2 } },
  { rule: 'R17', unitType: 'department', severity: 'error', at: 'decision.procedure_complete', says: '完整履行法定程序的事项数 3 ＞ 本年度作出的重大行政决策事项数 2',
    failing: { 'decision.procedure_complete': 3, 'decision.count': 2 },
    passing: { 'decision.procedure_complete': 2, 'decision.count': 2 } },
  { rule: 'R18', unitType: 'department', severity: 'error', at: 'decision.disclosed', says: '决策结果向社会公开的事项数 3 ＞ 本年度作出的重大行政决策事项数 2',
    failing: { 'decision.disclosed': 3, 'decision.count': 2 },
    passing: { 'decision.disclosed': 1, 'decision.count': 2 } },
  { rule: 'R19', unitType: 'department', severity: 'warning', at: 'decision.catalog_published', says: '本年度作出的重大行政决策事项数 2，编制并向社会公布年度重大行政决策事项目录 “否”',
    failing: { 'decision.count': 2, 'decision.catalog_published': '否' },
    passing: { 'decision.count': 2, 'decision.catalog_published': '是' } },
  { rule: 'R20', unitType: 'district_gov', severity: 'error', at: 'lead.key_tasks_completed', says: '按期完成的重点任务数 3 ＞ 本年度承担（明确）的法治政府建设重点任务数 2',
    failing: { 'lead.key_tasks_completed': 3, 'lead.key_tasks_assigned': 2 },
    passing: { 'lead.key_tasks_completed': 2, 'lead.key_tasks_assigned': 2 } },
  { rule: 'R21', unitType: 'department', severity: 'warning', at: 'enf.officers_trained', says: '参加执法业务培训人数 12 ＞ 持有效行政执法证件人员数 10',
    failing: { 'enf.officers_trained': 12, 'enf.officers_certified': 10, 'enf.three_systems': '是' },
    passing: { 'enf.officers_trained': 10, 'enf.officers_certified': 10, 'enf.three_systems': '是' } },
  { rule: 'R22', unitType: 'department', severity: 'error', at: 'enf.three_systems', says: '持有效行政执法证件人员数 10，全面落实行政执法公示',
    failing: { 'enf.officers_certified': 10, 'enf.three_systems': null },
    passing: { 'enf.officers_certified': 10, 'enf.three_systems': '否' } },
  { rule: 'R23', unitType: 'district_gov', severity: 'error', at: 'enf.case_review_done', says: '评查行政执法案卷数 5，本年度开展行政执法案卷评查 “否”',
    failing: { 'enf.case_files_reviewed': 5, 'enf.case_review_done': '否' },
    passing: { 'enf.case_files_reviewed': 5, 'enf.case_review_done': '是' } },
  { rule: 'R24', unitType: 'department', severity: 'error', at: 'func.online_items', says: '可全程网上办理的政务服务事项数 11 ＞ 政务服务事项总数 10',
    failing: { 'func.online_items': 11, 'func.service_items_total': 10 },
    passing: { 'func.online_items': 10, 'func.service_items_total': 10 } },
  { rule: 'R25', unitType: 'department', severity: 'error', at: 'litig.loss_rate', says: '计算公式被改成了固定值 50',
    failing: { 'litig.loss_rate': 50 },
    passing: { 'litig.loss_rate': formulaCell('IF(N(E76)=0,"",E77/E76*100)', 50) } },
  { rule: 'R26', unitType: 'district_gov', severity: 'error', at: 'recon.accepted', says: '填报值 -1 超出允许范围，应填写0～1000000之间的整数（单位：件）',
    failing: { 'recon.accepted': -1 },
    passing: { 'recon.accepted': 0 } },
  { rule: 'R27', unitType: 'department', severity: 'error', at: 'recon.accepted', says: '本指标只由区人民政府表填报，部门表不填，但这里填了 5',
    failing: { 'recon.accepted': 5 },
    passing: { 'recon.accepted': '不适用' } },
  { rule: 'R28', unitType: 'department', severity: 'error', at: 'plan.text', says: '目前只写了 1 条，至少应写 2 条',
    failing: { 'plan.text': '加强行政执法规范化建设。' },
    passing: { 'plan.text': '一是加强行政执法规范化建设；二是提升行政复议质效。' } },
  { rule: 'R29', unitType: 'department', severity: 'warning', at: 'meta.report_submitted_date', says: '填写的日期 2025-03-02 晚于 2024 年度报告的规定时限 2025-03-01',
    failing: { 'meta.report_year': 2024, 'meta.report_submitted_date': '2025-03-02' },
    passing: { 'meta.report_year': 2024, 'meta.report_submitted_date': '2025-03-01' } },
  { rule: 'R30', unitType: 'district_gov', severity: 'warning', at: 'meta.report_published_date', says: '晚于 2024 年度报告的规定时限 2025-04-01',
    failing: { 'meta.report_year': 2024, 'meta.report_published': '是', 'meta.report_published_date': '2025年4月2日' },
    passing: { 'meta.report_year': 2024, 'meta.report_published': '是', 'meta.report_published_date': '2025/4/1' } },
];

describe('every catalogue rule R01–R30: one failing and one passing case', () => {
  it('covers every single-sheet rule of the catalogue', () => {
    const singleSheet = cat.rules.filter((r) => r.kind !== 'batch_consistent').map((r) => r.id);
    expect(cases.map((c) => c.rule)).toEqual(singleSheet);
  });

  it.each(cases)('$rule fails at its cell with severity $severity', ({ rule, unitType, severity, at, failing, says }) => {
    const { problems } = validate(unitType, failing);
    expect(summary(problems)).toEqual([`${severity} ${rule} ${addressOf(at)}`]);
    const [p] = problems;
    expect(p.codes[0]).toBe(at);
    expect(p.cells[0]).toEqual(refOf(at));
    expect(p.message.startsWith(`指标填报!${addressOf(at)}【${nameOf(at)}】`)).toBe(true);
    expect(p.message).toContain(says);
    const catalogueRule = cat.rules.find((r) => r.id === rule)!;
    if (!['R26', 'R28'].includes(rule)) expect(p.message).toContain(catalogueRule.message_zh);
  });

  it.each(cases)('$rule passes when the figures are consistent', ({ unitType, passing }) => {
    expect(summary(validate(unitType, passing).problems)).toEqual([]);
  });
});

describe('R01 blank carried-over count', () => {
  it('counts a blank 上年结转 as 0 and says so in an info problem', () => {
    const { problems } = validate('district_gov', { 'recon.accepted': 5, 'recon.carried_over': null, 'recon.closed': 4 });
    expect(summary(problems)).toEqual([`info R01 ${addressOf('recon.carried_over')}`]);
    expect(problems[0].message).toContain('按0计算');
  });

  it('still finds the fault with the blank counted as 0', () => {
    const { problems } = validate('district_gov', { 'recon.accepted': 5, 'recon.carried_over': null, 'recon.closed': 6 });
    expect(summary(problems)).toEqual([`error R01 ${addressOf('recon.closed')}`, `info R01 ${addressOf('recon.carried_over')}`]);
    expect(problems[0].message).toContain('上年结转行政复议案件数 0（未填，按0计）');
  });

  it('skips a le rule when a right value (not blank_as_zero) is blank or when every left value is blank', () => {
    expect(validate('department', { 'litig.lost': 5, 'litig.concluded': null }).problems).toEqual([]);
    expect(validate('district_gov', { 'recon.revoked_changed': null, 'recon.mediated': '', 'recon.closed': 0 }).problems).toEqual([]);
  });
});

describe('le message', () => {
  it('reads: location, rule, the actual figures, what to do', () => {
    const { problems } = validate('department', { 'litig.lost': 5, 'litig.concluded': 3 });
    expect(problems[0].message).toBe(
      `指标填报!${addressOf('litig.lost')}【其中：一审败诉案件数】一审败诉数不得大于一审审结数。（当前：一审败诉案件数 5 ＞ 一审审结案件数 3）请核对后修改。`,
    );
    expect(problems[0].cells).toEqual([refOf('litig.lost'), refOf('litig.concluded')]);
  });

  it('asks for an explanation in the remark column for warnings', () => {
    const { problems } = validate('department', { 'reg.contracts_reviewed': 3, 'reg.review_done': 2 });
    expect(problems[0].message).toContain('请在备注栏说明原因');
  });
});

describe('implies conditions', () => {
  it('an if-condition on a blank value is not met', () => {
    expect(validate('department', { 'decision.count': null, 'decision.catalog_published': '否' }).problems).toEqual([]);
    expect(validate('district_gov', { 'disp.mediation_cases': null, 'disp.mediation_orgs': 0 }).problems).toEqual([]);
  });

  it('eq on a boolean: 否 does not trigger R09', () => {
    const cells = { 'learn.online_all_completed': '否', 'learn.exam_required': 10, 'learn.exam_participants': 9 };
    expect(validate('department', cells).problems).toEqual([]);
  });

  it('gt 0 is not met by 0', () => {
    expect(validate('department', { 'enf.officers_certified': 0, 'enf.three_systems': null }).problems).toEqual([]);
  });

  it('a then-value left blank in a required field gives REQUIRED only, not the rule as well', () => {
    const { problems } = validate('department', { 'decision.count': 3, 'decision.catalog_published': null });
    expect(summary(problems)).toEqual([`error REQUIRED ${addressOf('decision.catalog_published')}`]);
  });
});

describe('deadlines', () => {
  it('uses opts.reportYear over the sheet year', () => {
    const cells = { 'meta.report_year': 2024, 'meta.report_submitted_date': '2025-03-02' };
    expect(summary(validate('department', cells, { reportYear: 2025 }).problems)).toEqual([]);
    expect(validate('department', { 'meta.report_submitted_date': '2025-03-02' }, { reportYear: 2024 }).problems).toHaveLength(1);
  });

  it('skips when no report year is known or the date is blank', () => {
    expect(validate('department', { 'meta.report_submitted_date': '2030-01-01' }).problems).toEqual([]);
    expect(validate('department', { 'meta.report_year': 2024 }).problems).toEqual([]);
  });

  it('R30 only applies when the report was published', () => {
    const cells = { 'meta.report_year': 2024, 'meta.report_published': '否', 'meta.report_published_date': '2025-06-01' };
    expect(validate('department', cells).problems).toEqual([]);
  });

  it('reads a 1904-system serial date before comparing', () => {
    const sheet = filledSheet('department', { 'meta.report_year': 2024, 'meta.report_submitted_date': 45720 - 1462 }, { date1904: true });
    // 45720 = 2025-03-04 in the 1900 system.
    expect(summary(validateSheet(cat, sheet).problems)).toEqual([`warning R29 ${addressOf('meta.report_submitted_date')}`]);
  });
});

describe('input checks', () => {
  it('TYPE: a value that cannot be normalised, with location and the reason', () => {
    const { problems, values } = validate('department', { 'reg.ns_issued': '约12件' });
    expect(summary(problems)).toEqual([`error TYPE ${addressOf('reg.ns_issued')}`]);
    expect(problems[0].message).toMatch(/^指标填报!E\d+【本年度制发行政规范性文件数】填报值“约12件”不是有效的数字/);
    expect(values['reg.ns_issued']).toBeNull();
  });

  it('TYPE: error cells and TRUE/FALSE cells', () => {
    expect(validate('department', { 'reg.ns_issued': errorCell('#DIV/0!') }).problems[0].message).toContain('单元格是错误值 #DIV/0!');
    expect(validate('department', { 'leader.shufa': booleanCell(true) }).problems[0].message).toContain('请从下拉列表选择“是”或“否”');
  });

  it('FORMULA: an input cell with a formula is an error even with a good cached value, and nothing else is said', () => {
    const { problems, values } = validate('department', { 'reg.ns_issued': formulaCell('SUM(H1:H3)', 5), 'reg.ns_filed': 9 });
    expect(summary(problems)).toEqual([`error FORMULA ${addressOf('reg.ns_issued')}`]);
    expect(problems[0].message).toContain('输入单元格含公式，请直接填写数值');
    expect(values['reg.ns_issued']).toBeNull();
  });

  it('FORMULA: a formula in the 备注 column is an error naming the remark cell, on any row (not applicable ones too)', () => {
    const sheet = filledSheet('department', { 'reg.ns_issued': 5, 'reg.ns_filed': 5, 'recon.accepted': '' });
    const remark = (code: string) => ({ sheet: INPUT_SHEET, address: addressOf(code).replace(/^[A-Z]+/, 'G') });
    sheet.cells['reg.ns_issued'].remarkFormula = { ref: remark('reg.ns_issued'), formula: 'HYPERLINK("http://evil.example","详见")' };
    sheet.cells['recon.accepted'].remarkFormula = { ref: remark('recon.accepted'), formula: '1+1' };
    const { problems, values } = validateSheet(cat, sheet);
    const formulas = problems.filter((p) => p.rule === 'FORMULA');
    expect(formulas.map((p) => [p.severity, p.codes, p.cells])).toEqual([
      ['error', ['reg.ns_issued'], [remark('reg.ns_issued')]],
      ['error', ['recon.accepted'], [remark('recon.accepted')]],
    ]);
    expect(formulas[0].message).toBe(`指标填报!${remark('reg.ns_issued').address}【${nameOf('reg.ns_issued')}】备注栏含公式“=HYPERLINK("http://evil.example","详见")”：备注是输入单元格，只能填写文字，不能用公式（包括 HYPERLINK 链接）。请删除公式，直接输入说明文字（可先复制，再“选择性粘贴—数值”）。`);
    // The value itself is still read.
    expect(values['reg.ns_issued']).toBe(5);
  });

  it.each([
    ['integer', 'reg.ns_issued', '必填项未填写；没有发生的请填0'],
    ['boolean', 'leader.shufa', '必填项未填写，请从下拉列表选择“是”或“否”'],
    ['meta date', 'meta.report_submitted_date', '必填项未填写，应填写日期，如 2025-02-28。'],
    ['meta text', 'meta.contact', '必填项未填写，请填写文字内容'],
    ['meta integer', 'meta.report_year', '必填项未填写，应填写2021～2035之间的整数（单位：年）。'],
  ])('REQUIRED: a blank required %s field', (_, code, text) => {
    const { problems } = validate('department', { [code]: '\u3000' });
    expect(summary(problems)).toEqual([`error REQUIRED ${addressOf(code)}`]);
    expect(problems[0].message).toBe(`指标填报!${addressOf(code)}【${nameOf(code)}】${problems[0].message.split('】')[1]}`);
    expect(problems[0].message).toContain(text);
  });

  it('R28: blank required report text (not REQUIRED), for each report section', () => {
    for (const code of ['leader.narrative', 'narr.summary', 'gap.text', 'gap.causes', 'plan.text']) {
      const { problems } = validate('district_gov', { [code]: null });
      expect(summary(problems)).toEqual([`error R28 ${addressOf(code)}`]);
      expect(problems[0].message).toContain('必填文字项未填写');
    }
  });

  it('no problem for a blank optional field or a row the sheet lacks', () => {
    expect(validate('department', { 'reg.ns_filed': null, 'narr.other': '' }).problems).toEqual([]);
    expect(validate('department', {}).problems).toEqual([]);
  });

  it('R26: max and min from the catalogue, and a value out of range is not used by other rules', () => {
    expect(summary(validate('department', { 'leader.party_meetings': 367 }).problems)).toEqual([`error R26 ${addressOf('leader.party_meetings')}`]);
    expect(validate('department', { 'meta.report_year': 2019 }).problems[0].message).toContain('应填写2021～2035之间的整数（单位：年）');
    const { problems, values } = validate('department', { 'litig.lost': 5, 'litig.concluded': -3 });
    expect(summary(problems)).toEqual([`error R26 ${addressOf('litig.concluded')}`]);
    expect(values['litig.concluded']).toBeNull();
  });

  it('an unreadable value does not trigger the cross-field rule too', () => {
    expect(summary(validate('department', { 'litig.lost': 5, 'litig.concluded': '三' }).problems)).toEqual([`error TYPE ${addressOf('litig.concluded')}`]);
  });
});

describe('applicability (R27) for both unit types', () => {
  it('district-only indicator on a department sheet, department-only indicator on a district sheet', () => {
    expect(summary(validate('department', { 'disp.mediation_cases': 3 }).problems)).toEqual([`error R27 ${addressOf('disp.mediation_cases')}`]);
    const gov = validate('district_gov', { 'enf.penalty_cases': 3 });
    expect(summary(gov.problems)).toEqual([`error R27 ${addressOf('enf.penalty_cases')}`]);
    expect(gov.problems[0].message).toContain('本指标只由部门填报，区人民政府表不填，但这里填了 3');
    expect(gov.values).not.toHaveProperty(['enf.penalty_cases']);
  });

  it('blank and 不适用 are fine; text, 0 and formulas with a value are not', () => {
    expect(validate('department', { 'recon.accepted': null, 'recon.closed': ' 不适用 ' }).problems).toEqual([]);
    expect(validate('department', { 'recon.accepted': 0 }).problems[0].rule).toBe('R27');
    expect(validate('department', { 'recon.accepted': '无' }).problems[0].rule).toBe('R27');
    expect(validate('department', { 'recon.correction_rate': formulaCell('E70/E67*100', 25) }).problems[0].rule).toBe('R27');
    expect(validate('department', { 'recon.correction_rate': formulaCell('""', '') }).problems).toEqual([]);
  });

  it('a constant in a non-applicable derived cell is R27 only, never R25/R03 as well', () => {
    expect(summary(validate('department', { 'recon.corrected': 4 }).problems)).toEqual([`error R27 ${addressOf('recon.corrected')}`]);
  });

  it('values hold exactly the applicable non-derived fields', () => {
    for (const unitType of ['department', 'district_gov'] as const) {
      const expected = cat.fields.filter((f) => !f.derived && cat.appliesTo(f, unitType)).map((f) => f.code);
      expect(Object.keys(validate(unitType, {}).values)).toEqual(expected);
    }
  });
});

describe('derived cells (R25 / R03)', () => {
  it('R03 for recon.corrected, R25 for the others, never both', () => {
    const { problems } = validate('district_gov', { 'recon.corrected': 4, 'recon.correction_rate': 20 });
    expect(summary(problems)).toEqual([`error R25 ${addressOf('recon.correction_rate')}`, `info R03 ${addressOf('recon.corrected')}`]);
  });

  it('derived values are recomputed, never read from the sheet', () => {
    const { derived } = validate('department', { 'litig.lost': 1, 'litig.concluded': 4, 'litig.loss_rate': formulaCell('x', 99) });
    expect(derived['litig.loss_rate']).toBe(25);
  });
});

describe('complete valid sheets', () => {
  it.each(['department', 'district_gov'] as const)('%s: zero problems, every input read, rates computed', (unitType) => {
    const result = validateSheet(cat, validSheet(unitType));
    expect(result.problems).toEqual([]);
    expect(hasErrors(result.problems)).toBe(false);
    expect(result.values).toEqual(Object.fromEntries(Object.entries(validInputs(unitType)).map(([k, v]) => [k, v])));
    expect(result.derived['learn.exam_pass_rate']).toBeCloseTo((118 / 120) * 100, 10);
  });

  it('district sheet: correction rate from the derived corrected count', () => {
    const { derived } = validateSheet(cat, validSheet('district_gov'));
    expect(derived['recon.corrected']).toBe(5);
    expect(derived['recon.correction_rate']).toBeCloseTo((5 / 42) * 100, 10);
  });
});

describe('ordering and result shape', () => {
  it('errors, then warnings, then info; each in sheet order', () => {
    const { problems } = validate('district_gov', {
      'plan.text': null, // R28 error, last row
      'meta.contact': null, // REQUIRED error, first rows
      'decision.count': 2,
      'decision.catalog_published': '否', // R19 warning
      'learn.online_all_completed': '是',
      'learn.exam_required': 10,
      'learn.exam_participants': 9, // R09 warning
      'recon.corrected': 3, // R03 info
      'recon.accepted': 2,
      'recon.closed': 1,
      'recon.carried_over': null, // R01 info
    });
    expect(summary(problems)).toEqual([
      `error REQUIRED ${addressOf('meta.contact')}`,
      `error R28 ${addressOf('plan.text')}`,
      `warning R19 ${addressOf('decision.catalog_published')}`,
      `warning R09 ${addressOf('learn.exam_participants')}`,
      `info R01 ${addressOf('recon.carried_over')}`,
      `info R03 ${addressOf('recon.corrected')}`,
    ]);
    expect(hasErrors(problems)).toBe(true);
    expect(hasErrors(problems.filter((p) => p.severity !== 'error'))).toBe(false);
  });
});

describe('countItems', () => {
  it.each([
    ['', 0],
    ['加强培训。', 1],
    ['加强培训\n完善制度', 2],
    ['加强培训；完善制度;提升质效', 3],
    ['1.加强培训。2.完善制度。', 2],
    ['1、加强培训 2、完善制度 3、提升质效', 3],
    ['（1）加强培训；（2）完善制度', 2],
    ['一、加强培训。二、完善制度。', 2],
    ['一是加强培训，二是完善制度。', 2],
    ['①加强培训②完善制度', 2],
    ['主要安排如下：\n1.加强培训', 1],
    ['办理第1、2项任务，完成10.5万件', 1],
    ['统一是非标准', 1],
    ['\n\n；；\n', 0],
  ])('%j has %i items', (text, n) => {
    expect(countItems(text)).toBe(n);
  });
});

describe('batchYearProblems (R31)', () => {
  it('no problem when every file has the same year (blank years are left to REQUIRED)', () => {
    expect(batchYearProblems([{ file: 'a.xlsx', year: 2024 }, { file: 'b.xlsx', year: 2024 }, { file: 'c.xlsx', year: null }])).toEqual([]);
  });

  it('flags the files that differ from the batch year', () => {
    const problems = batchYearProblems([
      { file: '区司法局.xlsx', year: 2024 },
      { file: '区市场监管局.xlsx', year: 2023 },
      { file: '区人民政府.xlsx', year: 2024 },
    ]);
    expect(problems).toHaveLength(1);
    // The file it belongs to, as data: its position in the batch and its name.
    expect(problems[0]).toMatchObject({ at: 1, file: '区市场监管局.xlsx', problem: { rule: 'R31', severity: 'error', codes: ['meta.report_year'] } });
    expect(problems[0].problem.message).toContain('文件“区市场监管局.xlsx”的报告年度为 2023，与本批次其他报表（2024 年度，2 份）不一致');
    expect(problems[0].problem.message).toContain('同一汇总批次的报告年度必须一致。');
  });

  it('flags every file when no year is the most common', () => {
    const problems = batchYearProblems([{ file: 'a.xlsx', year: 2023 }, { file: 'b.xlsx', year: 2024 }]);
    expect(problems.map((p) => p.at)).toEqual([0, 1]);
    expect(problems.map((p) => p.problem.message.split('，')[0])).toEqual(['文件“a.xlsx”的报告年度为 2023', '文件“b.xlsx”的报告年度为 2024']);
    expect(problems[0].problem.message).toContain('2023 年度 1 份、2024 年度 1 份');
  });

  it('two files of one name are told apart by position', () => {
    const problems = batchYearProblems([{ file: '司法局.xlsx', year: 2024 }, { file: '司法局.xlsx', year: 2023 }, { file: '司法局.xlsx', year: 2024 }]);
    expect(problems.map((p) => p.at)).toEqual([1]);
  });
});

describe('speed', () => {
  it('validates a full sheet fast enough to run on every edit (prints the figure)', () => {
    const sheet = validSheet('district_gov');
    validateSheet(cat, sheet);
    const runs = 1000;
    const start = performance.now();
    for (let i = 0; i < runs; i += 1) validateSheet(cat, sheet);
    const perRun = (performance.now() - start) / runs;
    console.log(`validateSheet: ${perRun.toFixed(3)} ms per full district sheet (${runs} runs)`);
    expect(Number.isFinite(perRun)).toBe(true);
  });
});
