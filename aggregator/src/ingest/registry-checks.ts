// A workbook may be valid on its own and still not belong here: its unit must be in the registry
// with the same unit type, and its year must be open with the same catalogue version.
import type { WorkbookCheck } from '../../../templates/src/check-workbook';
import { UNIT_TYPE_DISPLAY } from '../../../templates/src/contract';
import type { Problem } from '../../../templates/src/model';
import type { Store, Unit } from '../store';

export async function registryProblems(check: WorkbookCheck, store: Store): Promise<{ problems: Problem[]; unit?: Unit }> {
  const problems: Problem[] = [];
  const fail = (code: string, message: string) => problems.push({ rule: code, severity: 'error', codes: [], cells: [], message });

  let unit: Unit | undefined;
  if (!check.unitCode) {
    fail('UNIT_MISSING', '无法识别填报单位：工作簿的基本信息和模板标识中都没有单位代码。请填写“单位代码”，或从汇总系统下载本单位的预填模板。');
  } else {
    unit = await store.getUnit(check.unitCode);
    if (!unit) {
      fail('UNIT_UNKNOWN', `单位代码“${check.unitCode}”不在单位名录中：请核对基本信息中的单位代码；如确为新增单位，请联系管理员先把它加入名录。`);
    } else if (check.unitType && unit.unitType !== check.unitType) {
      fail(
        'UNIT_TYPE_MISMATCH',
        `单位名录中“${unit.name}”的类型是“${unit.typeLabel}”，但这份工作簿是“${UNIT_TYPE_DISPLAY[check.unitType]}”模板：请下载本单位类型的模板重新填报。`,
      );
    }
  }

  if (check.year === null) {
    fail('YEAR_MISSING', '无法确定报告年度：请使用当年的标准模板填报。');
  } else {
    const year = await store.getYear(check.year);
    const open = (await store.listYears()).filter((y) => y.status === 'open').map((y) => y.year);
    const openText = open.length ? `当前开放的年度：${open.join('、')}` : '当前没有开放的年度';
    if (!year) {
      fail('YEAR_NOT_OPEN', `${check.year} 年度尚未开放填报（${openText}）：请核对报告年度，或联系市级管理员。`);
    } else if (year.status !== 'open') {
      fail('YEAR_CLOSED', `${check.year} 年度已关闭，不再接收报送（${openText}）：如需更正，请联系市级管理员。`);
    } else if (check.catalogueVersion && check.catalogueVersion !== year.catalogueVersion) {
      fail(
        'CATALOGUE_MISMATCH',
        `这份工作簿使用指标目录 ${check.catalogueVersion}，而 ${check.year} 年度要求 ${year.catalogueVersion}：请下载 ${check.year} 年度的标准模板重新填报。`,
      );
    }
  }
  return { problems, unit };
}
