// The add-in's HTTP client for the aggregator. Only fetch: the pane's settings give the base URL and
// the unit's token. Every failure becomes a Chinese message the pane can show as it is.
import type { Figures } from '../../../templates/src/core/derive';
import type { ValuesSubmission } from '../../../templates/src/core/values-submission';
// The aggregator's wire shapes come from its contract module (types only: nothing is bundled),
// so the pane and the server cannot drift apart.
import type { FileResult, RegistryView, SubmissionDetail, SubmissionListItem, Unit, UploadAnswer } from '../../../aggregator/src/contract';
export type { FileResult, RegistryView, SubmissionListItem, UploadAnswer, Unit };

/** Body of POST /api/submissions/values, the fallback where the host cannot hand over the file (schema shared with the server). */
export type { ValuesSubmission };

export interface ClientSettings {
  baseUrl: string;
  token?: string;
}

export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly code?: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export class AggregatorClient {
  constructor(private readonly settings: ClientSettings, private readonly fetchImpl: typeof fetch = (...a) => fetch(...a)) {}

  get connected(): boolean {
    return this.settings.baseUrl.trim() !== '';
  }

  getRegistry(): Promise<RegistryView> {
    return this.request<RegistryView>('GET', '/api/registry');
  }

  /** The workbook itself, as the upload page sends it (multipart field `files`). */
  submitWorkbook(bytes: Uint8Array, fileName: string): Promise<UploadAnswer> {
    const form = new FormData();
    // A copy detaches the bytes from any larger buffer the slices were gathered in.
    form.append('files', new Blob([bytes.slice()], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), fileName);
    return this.request<UploadAnswer>('POST', '/api/submissions', form);
  }

  submitValues(body: ValuesSubmission): Promise<UploadAnswer> {
    return this.request<UploadAnswer>('POST', '/api/submissions/values', JSON.stringify(body), 'application/json');
  }

  /** The unit's current submission of `year` (version and review state), or null when there is none. */
  async currentSubmission(unitCode: string, year: number): Promise<SubmissionListItem | null> {
    const list = await this.request<{ submissions: SubmissionListItem[] }>('GET', `/api/submissions?year=${year}&unit=${encodeURIComponent(unitCode)}`);
    return list.submissions.find((s) => s.unitCode === unitCode) ?? null;
  }

  /**
   * The unit's figures of `year` as last submitted: its values and the derived values stored with
   * them (the pane shows and compares those, never recomputes them); null when it submitted nothing.
   */
  async acceptedFigures(unitCode: string, year: number): Promise<Figures | null> {
    const current = await this.currentSubmission(unitCode, year);
    if (!current) return null;
    const detail = await this.request<Pick<SubmissionDetail, 'values' | 'derived'>>('GET', `/api/submissions/${encodeURIComponent(current.id)}`);
    return { values: detail.values, derived: detail.derived };
  }

  private async request<T>(method: string, path: string, body?: BodyInit, contentType?: string): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (contentType) headers['Content-Type'] = contentType;
    if (this.settings.token?.trim()) headers.Authorization = `Bearer ${this.settings.token.trim()}`;
    const url = this.settings.baseUrl.replace(/\/+$/, '') + path;
    let response: Response;
    try {
      response = await this.fetchImpl(url, { method, headers, body });
    } catch {
      throw new ApiError(`无法连接汇总系统（${this.settings.baseUrl}）：请检查网络和“设置”中的汇总系统地址。离线时仍可填报和校验，联网后再报送。`, 0);
    }
    if (response.status === 404 && path === '/api/submissions/values') {
      throw new ApiError('汇总系统暂不支持从本机 Excel 按数值报送：请保存工作簿后在汇总系统网页上传该文件。', 404);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new ApiError(`汇总系统返回了无法识别的内容（HTTP ${response.status}）：请确认“设置”中的地址指向汇总系统，而不是其他网站。`, response.status);
    }
    if (!response.ok) {
      const err = (parsed as { error?: { code?: string; message?: string } }).error;
      const message = err?.message ?? (parsed as { message?: string }).message;
      if (response.status === 401) {
        const advice = this.settings.token?.trim()
          ? '报送令牌无效或已被停用：请向管理员索取新的令牌，在填报助手“设置”中更新。'
          : '尚未填写报送令牌：请在填报助手“设置”中填写本单位的报送令牌（由管理员发放）。';
        throw new ApiError(advice, 401, err?.code);
      }
      if (response.status === 403) {
        throw new ApiError(message ?? '汇总系统拒绝了请求：当前令牌无权进行此操作，请确认使用的是本单位的报送令牌。', 403, err?.code);
      }
      throw new ApiError(message ?? `汇总系统返回错误（HTTP ${response.status}），请稍后重试。`, response.status, err?.code);
    }
    return parsed as T;
  }
}
