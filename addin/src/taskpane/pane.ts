// The task pane controller: insert the standard sheet, check on every change (debounced), go to
// faulty cells, show rates and last year's figures, submit to the aggregator. Office.js is reached
// only through ../excel/adapter; checks and texts come from the shared core.
import { UNIT_TYPES, currentCatalogue, type UnitType } from '../../../templates/src/core/catalogue';
import { INPUT_SHEET, UNIT_TYPE_DISPLAY } from '../../../templates/src/core/contract';
import type { CellRef } from '../../../templates/src/core/model';
import { hasErrors } from '../../../templates/src/core/validate';
import { yearNumber } from '../../../aggregator/src/contract/params';
import { newLiveCheckState, runLiveCheck, type LiveCheckResult } from '../app/live-check';
import { standardSheet } from '../app/standard-sheet';
import { AggregatorClient, ApiError, type Unit, type ValuesSubmission } from '../core/api-client';
import { canExportFile, hasInputSheet, insertStandardSheet, selectCell, watchInputSheet, workbookBytes } from '../excel/adapter';
import { answerView, figuresTable, h, problemGroups, reviewLine, summaryText } from './render';
import { loadSettings, saveSettings, type PaneSettings } from './settings';

const DEBOUNCE_MS = 400;

export class TaskPane {
  private settings: PaneSettings;
  private client: AggregatorClient;
  private readonly live = newLiveCheckState();
  private last: LiveCheckResult | null = null;
  private units = new Map<string, Unit>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> = Promise.resolve();
  private watching = false;
  private lastYearFor = '';
  private reviewFor = '';

  constructor(private readonly root: HTMLElement, private readonly storage: Storage = window.localStorage) {
    this.settings = loadSettings(storage, window.location);
    this.client = new AggregatorClient(this.settings);
  }

  private $<T extends HTMLElement = HTMLElement>(id: string): T {
    return this.root.querySelector<T>(`#${id}`)!;
  }

  async start(): Promise<void> {
    this.$<HTMLInputElement>('year').value = String(new Date().getFullYear() - 1);
    this.$<HTMLInputElement>('base-url').value = this.settings.baseUrl;
    this.$<HTMLInputElement>('token').value = this.settings.token;
    const typeSelect = this.$<HTMLSelectElement>('unit-type');
    for (const t of UNIT_TYPES) typeSelect.append(h('option', { value: t }, UNIT_TYPE_DISPLAY[t]));
    this.$('insert').addEventListener('click', () => void this.guard(() => this.insert()));
    this.$('recheck').addEventListener('click', () => {
      this.reviewFor = '';
      this.schedule(0);
    });
    this.$('submit').addEventListener('click', () => void this.guard(() => this.submit()));
    this.$('save-settings').addEventListener('click', () => void this.guard(() => this.applySettings()));
    this.$<HTMLSelectElement>('unit').addEventListener('change', () => this.onUnitPicked());
    await this.guard(async () => {
      await this.loadRegistry();
      if (await hasInputSheet()) {
        await this.watch();
        await this.check();
      } else {
        this.setSummary('本工作簿还没有标准表：请选择单位类型和年度，点击“插入标准表”。');
      }
    });
  }

  /**
   * Runs an action, showing any failure as a Chinese status line instead of failing silently.
   * Background checks leave the status line alone, so they never wipe what a click just reported.
   */
  private async guard(action: () => Promise<void>, background = false): Promise<void> {
    try {
      if (!background) this.setStatus('');
      await action();
    } catch (error) {
      this.setStatus(error instanceof Error ? error.message : String(error), true);
    }
  }

  private setStatus(text: string, isError = false): void {
    const el = this.$('status');
    el.textContent = text;
    el.className = isError ? 'status error' : 'status';
  }

  private setSummary(text: string): void {
    this.$('summary').textContent = text;
  }

  // ---- registry (optional: offline the 基本信息 is typed by hand) ----

  private async loadRegistry(): Promise<void> {
    const select = this.$<HTMLSelectElement>('unit');
    select.replaceChildren(h('option', { value: '' }, '（不选：手工填写基本信息）'));
    this.units.clear();
    if (!this.client.connected) {
      this.$('connection').textContent = '未连接汇总系统：可插入标准表、填报和校验；报送前请在“设置”中填写汇总系统地址。';
      return;
    }
    try {
      const registry = await this.client.getRegistry();
      for (const d of registry.districts) {
        select.append(h('optgroup', { label: d.name }, ...d.units.map((u) => this.unitOption(u))));
      }
      if (registry.cityDepartments.length > 0) select.append(h('optgroup', { label: '市级部门' }, ...registry.cityDepartments.map((u) => this.unitOption(u))));
      this.$('connection').textContent = `已连接汇总系统（${this.settings.baseUrl}），名录中有 ${registry.total} 个单位。`;
    } catch (error) {
      this.$('connection').textContent = `${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private unitOption(u: Unit): HTMLOptionElement {
    this.units.set(u.code, u);
    return h('option', { value: u.code }, `${u.name}（${u.code}）`);
  }

  private onUnitPicked(): void {
    const unit = this.units.get(this.$<HTMLSelectElement>('unit').value);
    if (unit) this.$<HTMLSelectElement>('unit-type').value = unit.unitType;
  }

  private async applySettings(): Promise<void> {
    saveSettings(this.storage, { baseUrl: this.$<HTMLInputElement>('base-url').value, token: this.$<HTMLInputElement>('token').value });
    this.settings = loadSettings(this.storage, window.location);
    this.client = new AggregatorClient(this.settings);
    this.lastYearFor = '';
    await this.loadRegistry();
    this.setStatus('设置已保存。');
    this.schedule(0);
  }

  // ---- insert ----

  private async insert(): Promise<void> {
    const unitType = this.$<HTMLSelectElement>('unit-type').value as UnitType;
    const year = Number(this.$<HTMLInputElement>('year').value);
    // The server's own rule and message for a reporting year.
    const checked = yearNumber.safeParse(year);
    if (!checked.success) throw new Error(`报告年度${checked.error.issues[0].message}。`);
    const picked = this.units.get(this.$<HTMLSelectElement>('unit').value);
    // Office hosts block window.confirm, so replacing is asked for with a checkbox.
    const replace = this.$<HTMLInputElement>('replace').checked;
    if (!replace && (await hasInputSheet())) {
      throw new Error(`本工作簿已有“${INPUT_SHEET}”工作表。如需重新插入（会删除已填内容），请先勾选“替换已有的标准表”。`);
    }
    await insertStandardSheet(standardSheet(currentCatalogue(), unitType, year, picked), { replace });
    this.$<HTMLInputElement>('replace').checked = false;
    this.$('submit-result').replaceChildren();
    this.$('review-state').replaceChildren();
    this.live.painted.clear();
    this.watching = false;
    await this.watch();
    this.setStatus(`已插入${year}年度标准表（${UNIT_TYPE_DISPLAY[unitType]}${picked ? `，${picked.name}` : ''}）：黄色格填写，蓝色格自动计算。`);
    await this.check();
  }

  private async watch(): Promise<void> {
    if (this.watching) return;
    await watchInputSheet(() => this.schedule(DEBOUNCE_MS));
    this.watching = true;
  }

  // ---- check ----

  /** Debounced: a paste of many cells fires once per block, typing fires per cell. */
  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.running.then(() => this.guard(() => this.check(), true));
    }, delay);
  }

  private async check(): Promise<void> {
    this.$('check-state').textContent = '正在校验…';
    const result = await runLiveCheck(this.live);
    this.last = result;
    this.$('check-state').textContent = '';
    if (!result) {
      this.setSummary('本工作簿还没有标准表：请选择单位类型和年度，点击“插入标准表”。');
      this.$('problems').replaceChildren();
      return;
    }
    const { check, stamp } = result;
    this.$('sheet-info').textContent = `当前表：${stamp.unit_name ?? '（未预填单位）'} ｜ ${check.year ?? '?'} 年度 ｜ ${check.unitType ? UNIT_TYPE_DISPLAY[check.unitType] : '单位类型未知'} ｜ 指标目录 ${check.catalogue.version}`;
    this.setSummary(summaryText(check.problems));
    this.$('problems').replaceChildren(problemGroups(check.groups, (ref) => void this.go(ref)));
    if (check.unitType) {
      this.$('figures').replaceChildren(
        figuresTable(check.catalogue, check.unitType, { values: check.values, derived: check.derived }, this.live.lastYear, (code) => {
          const ref = check.sheet?.cells[code]?.ref;
          if (ref) void this.go(ref);
        }),
      );
    }
    this.$<HTMLButtonElement>('submit').disabled = hasErrors(check.problems);
    void this.fetchLastYear(stamp.unit_code, check.year);
    void this.showReview(stamp.unit_code, check.year, false);
  }

  /** The coordinator's verdict on the current version (待审核 / 已通过 / 已退回 and why); once per sheet unless forced. */
  private async showReview(unitCode: string | undefined, year: number | null, force: boolean): Promise<void> {
    const key = `${unitCode}|${year}`;
    if (!unitCode || !year || !this.client.connected || (!force && key === this.reviewFor)) return;
    this.reviewFor = key;
    try {
      const current = await this.client.currentSubmission(unitCode, year);
      this.$('review-state').replaceChildren(...(current ? [reviewLine(current)] : []));
    } catch {
      // Offline: the state is shown again once the aggregator answers.
      this.reviewFor = '';
    }
  }

  /** Once per unit and year: last year's accepted values for 同比 and the figures table. */
  private async fetchLastYear(unitCode: string | undefined, year: number | null): Promise<void> {
    const key = `${unitCode}|${year}`;
    if (!unitCode || !year || !this.client.connected || key === this.lastYearFor) return;
    this.lastYearFor = key;
    try {
      const figures = await this.client.acceptedFigures(unitCode, year - 1);
      if (figures) {
        this.live.lastYear = figures;
        this.schedule(0);
      }
    } catch {
      // Offline or no history: 同比 is a help, never a blocker.
    }
  }

  private async go(ref: CellRef): Promise<void> {
    await this.guard(() => selectCell(ref.sheet, ref.address));
  }

  // ---- submit ----

  private async submit(): Promise<void> {
    if (!this.client.connected) throw new Error('尚未设置汇总系统地址：请在“设置”中填写后再报送。');
    await this.check();
    const result = this.last;
    if (!result) throw new Error('本工作簿还没有标准表，无法报送。');
    const errors = result.check.problems.filter((p) => p.severity === 'error').length;
    if (errors > 0) throw new Error(`还有 ${errors} 处错误，请先改正（点击校验结果中的条目可转到对应单元格）再报送。`);
    const { stamp, check } = result;
    const fileName = `${stamp.unit_name || stamp.unit_code || '指标填报'}-${check.year ?? ''}.xlsx`;
    this.$('submit-result').textContent = '正在报送…';
    try {
      const answer = canExportFile()
        ? await this.client.submitWorkbook(await workbookBytes(), fileName)
        : await this.client.submitValues(valuesBody(result, fileName));
      this.$('submit-result').replaceChildren(answerView(answer.files, (ref) => void this.go(ref)));
      await this.showReview(stamp.unit_code, check.year, true);
    } catch (error) {
      this.$('submit-result').textContent = '';
      throw error instanceof ApiError || error instanceof Error ? error : new Error(String(error));
    }
  }
}

/** The values-only fallback body: exactly the cells the validator read. */
export function valuesBody(result: LiveCheckResult, fileName: string): ValuesSubmission {
  const { check, stamp } = result;
  const cells: ValuesSubmission['cells'] = {};
  // The server reads the same cells the pane's check read, and judges them with the same validator.
  for (const [code, cell] of Object.entries(check.sheet?.cells ?? {})) {
    cells[code] = { address: cell.ref.address, raw: cell.raw };
    if (cell.formula !== undefined) cells[code].formula = cell.formula;
    if (cell.remark !== undefined) cells[code].remark = cell.remark;
  }
  return { fileName, sheetName: result.sheetName, stamp, date1904: check.sheet?.date1904 ?? false, cells };
}
