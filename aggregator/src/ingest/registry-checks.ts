// A workbook may be valid on its own and still not belong here: its unit must be in the registry
// with the same unit type, name and district as the workbook says (in the visible 基本信息 and in
// the stamp), and its year must be open with the same catalogue version. A code changed to another
// unit's while the name still says the first one is refused, not filed under the other unit.
import { currentCatalogue, getCatalogue, needsEnforcementPowers } from '../../../templates/src/core/catalogue';
import type { WorkbookCheck } from '../../../templates/src/xlsx/check-workbook';
import { UNIT_TYPE_DISPLAY } from '../../../templates/src/core/contract';
import { locate } from '../../../templates/src/core/messages';
import { errorText } from '../../../templates/src/core/error-catalogue';
import { districtLabel, nameKey, namesAgree } from '../../../templates/src/core/registry';
import type { Problem } from '../../../templates/src/core/model';
import type { Store, Unit } from '../store';

const UNIT_CODE = 'meta.unit_code';
const UNIT_NAME = 'meta.unit_name';
const DISTRICT = 'meta.district';
const REPORT_YEAR = 'meta.report_year';
const FIX_IDENTITY = '请核对单位代码（预填模板的单位信息请勿改动）；如名录中的单位信息有误，请联系区级管理员更正名录后重新下载模板。';

export async function registryProblems(check: WorkbookCheck, store: Store): Promise<{ problems: Problem[]; unit?: Unit }> {
  const problems: Problem[] = [];
  const catalogue = (check.catalogueVersion && getCatalogue(check.catalogueVersion)) || currentCatalogue();
  // Each message starts at the header cell it is about ("指标填报!E5【单位代码】"), as the validator's do.
  const fail = (rule: string, code: string | null, message: string) => {
    const field = code ? catalogue.field(code) : undefined;
    const ref = code ? check.cells[code] : undefined;
    problems.push({
      rule,
      severity: 'error',
      codes: field ? [field.code] : [],
      cells: ref ? [ref] : [],
      message: field ? `${locate(ref, field)}：${message}` : message,
    });
  };
  const unitCodeName = catalogue.field(UNIT_CODE)?.name_zh;
  const yearName = catalogue.field(REPORT_YEAR)?.name_zh;

  let unit: Unit | undefined;
  if (!check.unitCode) {
    fail('UNIT_MISSING', UNIT_CODE, `无法识别填报单位：工作簿的基本信息和模板标识中都没有${unitCodeName}。请填写${unitCodeName}，或从汇总系统下载本单位的预填模板。`);
  } else {
    unit = await store.getUnit(check.unitCode);
    if (!unit) {
      fail('UNIT_UNKNOWN', UNIT_CODE, errorText('UNIT_UNKNOWN', { unitCode: check.unitCode, namedIn: 'body', field: unitCodeName }).message);
    } else if (check.unitType && unit.unitType !== check.unitType) {
      fail(
        'UNIT_TYPE_MISMATCH',
        'meta.unit_type',
        `单位名录中“${unit.name}”的类型是“${unit.typeLabel}”，但这份工作簿是“${UNIT_TYPE_DISPLAY[check.unitType]}”模板：请下载本单位类型的模板重新填报。`,
      );
    }
    if (unit) identityProblems(check, unit, fail);
    if (unit?.hasEnforcement === false) {
      // The registry says the unit holds no 行政执法 powers: its enforcement indicators stay blank.
      for (const field of catalogue.fields) {
        if (field.derived || !needsEnforcementPowers(catalogue, field) || !catalogue.appliesTo(field, unit.unitType)) continue;
        const v = check.values[field.code];
        if (v === null || v === undefined || v === '') continue;
        const shown = typeof v === 'boolean' ? (v ? '是' : '否') : String(v);
        fail(
          'R27',
          field.code,
          `单位名录中“${unit.name}”登记为无行政执法职能（“有行政执法职能”为“否”），不填报行政执法指标，但这里填了 ${shown}。请清空该单元格；如本单位确有行政执法职能，请联系区级管理员在单位名录中改为“是”后重新下载模板。`,
        );
      }
    }
  }

  if (check.year === null) {
    fail('YEAR_MISSING', REPORT_YEAR, `无法确定${yearName}：请使用当年的标准模板填报。`);
  } else {
    const year = await store.getYear(check.year);
    const open = (await store.listYears()).filter((y) => y.status === 'open').map((y) => y.year);
    const openText = open.length ? `当前开放的年度：${open.join('、')}` : '当前没有开放的年度';
    if (!year) {
      fail('YEAR_NOT_OPEN', REPORT_YEAR, `${check.year} 年度尚未开放填报（${openText}）：请核对${yearName}，或联系市级管理员。`);
    } else if (year.status !== 'open') {
      fail('YEAR_CLOSED', REPORT_YEAR, `${check.year} 年度已关闭，不再接收报送（${openText}）：如需更正，请联系市级管理员。`);
    } else if (check.catalogueVersion && check.catalogueVersion !== year.catalogueVersion) {
      // The version is in the template's stamp, not in a cell the unit can fix.
      fail(
        'CATALOGUE_MISMATCH',
        null,
        `这份工作簿使用指标目录 ${check.catalogueVersion}，而 ${check.year} 年度要求 ${year.catalogueVersion}：请下载 ${check.year} 年度的标准模板重新填报。`,
      );
    }
  }
  return { problems, unit };
}

/** The unit's name and district, as the sheet shows them and as the stamp has them, against the registry's unit of that code. */
function identityProblems(check: WorkbookCheck, unit: Unit, fail: (rule: string, code: string | null, message: string) => void): void {
  const owner = `单位名录中单位代码 ${unit.code} 对应的是“${unit.name}”（${districtLabel(unit)}）`;
  const shown = (code: string) => {
    const v = check.values[code];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const name = shown(UNIT_NAME);
  if (name !== undefined && !namesAgree(name, unit.name)) fail('UNIT_NAME_MISMATCH', UNIT_NAME, `填写的单位名称“${name}”与单位代码不符：${owner}。${FIX_IDENTITY}`);
  const stampedName = check.stamp.unit_name?.trim();
  if (stampedName && !namesAgree(stampedName, unit.name)) {
    fail('UNIT_NAME_MISMATCH', null, `模板标识中的单位名称“${stampedName}”与单位代码不符：${owner}。这份模板是为另一个单位下载的，${FIX_IDENTITY}`);
  }
  const district = shown(DISTRICT);
  if (district !== undefined && nameKey(district) !== nameKey(districtLabel(unit))) {
    fail('UNIT_DISTRICT_MISMATCH', DISTRICT, `填写的所属区“${district}”与单位代码不符：${owner}。${FIX_IDENTITY}`);
  }
  const stampedDistrict = check.stamp.district_code?.trim();
  if (stampedDistrict && stampedDistrict !== (unit.districtCode ?? '')) {
    fail('UNIT_DISTRICT_MISMATCH', null, `模板标识中的所属区代码“${stampedDistrict}”与单位代码不符：${owner}。这份模板是为另一个单位下载的，${FIX_IDENTITY}`);
  }
}
