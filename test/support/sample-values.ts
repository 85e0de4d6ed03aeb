// Seeded, realistic values for a unit's sheet that satisfy every catalogue rule. Used to build
// filled workbooks for tests, the newcomer's sample folder and the benchmark.
import type { Catalogue, UnitType } from '../../templates/src/core/catalogue';
import type { CellValue } from '../../templates/src/core/model';

/** Mulberry32: tiny, fast, good enough for test data; the same seed gives the same sheet. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SampleUnit {
  code: string;
  name: string;
  unitType: UnitType;
  districtName: string | null;
  typeLabel: string;
}

const NARRATIVE: Record<string, string> = {
  'leader.narrative': '主要负责人认真履行推进法治建设第一责任人职责，年内主持召开专题会议研究法治建设工作，带头讲授法治课。',
  'narr.summary': '本年度坚持以习近平法治思想为指导，围绕法治政府建设重点任务，健全依法决策机制，规范行政执法行为，法治政府建设取得新成效。',
  'narr.other': '无。',
  'gap.text': '1. 基层执法人员法治素养有待进一步提高。\n2. 行政规范性文件合法性审核力量不足。',
  'gap.causes': '对法治政府建设的重视程度还需加强，专业人才储备不足。',
  'plan.text': '1. 深入学习贯彻习近平法治思想。\n2. 持续推进严格规范公正文明执法。\n3. 加强合法性审核和备案审查。',
};

/**
 * Values for every applicable input field of the catalogue. `scale` grows the counts (a district
 * government reports bigger numbers than a small department).
 */
export function sampleValues(catalogue: Catalogue, unit: SampleUnit, year: number, seed: number): Record<string, CellValue> {
  const rnd = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const scale = unit.unitType === 'district_gov' ? 10 : 1;
  const v: Record<string, CellValue> = {};

  for (const field of catalogue.fields) {
    if (field.derived || !catalogue.appliesTo(field, unit.unitType)) continue;
    switch (field.type) {
      case 'integer':
        // Fields capped at 366 count meetings or sessions in a year: a few dozen at most.
        v[field.code] = int(field.min ?? 0, field.max !== undefined && field.max <= 366 ? 24 : 40 * scale);
        break;
      case 'decimal':
        v[field.code] = Math.round(rnd() * 500 * scale * 100) / 100;
        break;
      case 'boolean':
        v[field.code] = rnd() < 0.8 ? '是' : '否';
        break;
      case 'date':
        v[field.code] = `${year + 1}-02-${String(int(10, 27)).padStart(2, '0')}`;
        break;
      case 'text':
        v[field.code] = NARRATIVE[field.code] ?? '';
        break;
    }
  }

  // Header fields.
  v['meta.unit_name'] = unit.name;
  v['meta.unit_code'] = unit.code;
  v['meta.unit_type'] = unit.typeLabel;
  v['meta.district'] = unit.districtName ?? '市级';
  v['meta.report_year'] = year;
  v['meta.contact'] = `张三 法制科 022-${int(20000000, 29999999)}`;
  v['meta.report_published'] = '是';
  v['meta.report_published_date'] = `${year + 1}-03-${String(int(5, 28)).padStart(2, '0')}`;
  v['meta.report_url'] = `https://www.tj.gov.cn/fzzf/${unit.code}/${year}`;

  // Make "part ≤ whole" pairs consistent, whole first.
  const within = (part: string, whole: string) => {
    if (typeof v[part] === 'number' && typeof v[whole] === 'number') v[part] = int(0, v[whole] as number);
  };
  within('lead.key_tasks_completed', 'lead.key_tasks_assigned');
  within('func.online_items', 'func.service_items_total');
  within('reg.ns_filed', 'reg.ns_issued');
  within('reg.review_done', 'reg.review_required');
  within('reg.contracts_reviewed', 'reg.review_done');
  within('decision.procedure_complete', 'decision.count');
  within('decision.disclosed', 'decision.count');
  within('enf.officers_trained', 'enf.officers_certified');
  within('litig.lost', 'litig.concluded');
  within('litig.head_appeared', 'litig.hearings');
  within('learn.exam_participants', 'learn.exam_required');
  within('learn.exam_passed', 'learn.exam_participants');
  within('learn.pre_appointment_passed', 'learn.pre_appointment_participants');
  within('sup.proposals_closed', 'sup.proposals_received');
  within('sup.proposals_ontime', 'sup.proposals_closed');
  within('disp.mediation_success', 'disp.mediation_cases');
  if (unit.unitType === 'district_gov') {
    const closed = v['recon.closed'] as number;
    v['recon.accepted'] = Math.max(v['recon.accepted'] as number, closed);
    let room = closed;
    for (const code of ['recon.revoked_changed', 'recon.confirmed_illegal', 'recon.ordered_perform', 'recon.mediated']) {
      v[code] = int(0, Math.floor(room / 3));
      room -= v[code] as number;
    }
    if ((v['disp.mediation_orgs'] as number) === 0) v['disp.mediation_orgs'] = 1;
  }
  // Conditional rules: R09, R19, R22, R23.
  if (v['learn.online_all_completed'] === '是') v['learn.exam_participants'] = v['learn.exam_required'];
  if (v['learn.exam_passed'] as number > (v['learn.exam_participants'] as number)) v['learn.exam_passed'] = v['learn.exam_participants'];
  if ((v['decision.count'] as number) > 0) v['decision.catalog_published'] = '是';
  if (unit.unitType === 'department' && v['enf.three_systems'] === undefined) v['enf.three_systems'] = '是';
  if ((v['enf.case_files_reviewed'] as number) > 0) v['enf.case_review_done'] = '是';
  return v;
}
