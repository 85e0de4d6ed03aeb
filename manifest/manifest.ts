// The add-in-only XML manifest for Excel (Workbook host), written from a deployment's base URL.
// Pure: manifest/build.ts writes it to disk; manifest.test.ts checks it offline.
export interface ManifestOptions {
  /** Where the aggregator serves /addin/, e.g. https://fazhi.example.gov.cn/addin (HTTPS: Excel requires it). */
  baseUrl: string;
  /** A GUID, stable per deployment: Office identifies the add-in by it. */
  id?: string;
  /** Four-part version; raise it when the manifest changes so Office picks the new one up. */
  version?: string;
  providerName?: string;
  supportUrl?: string;
}

/** Stable default id: one deployment, one add-in. A second deployment in the same tenant sets ADDIN_ID. */
export const DEFAULT_ADDIN_ID = '6f1c7a52-3d0e-4b8e-9a57-2b8f3c1d9e40';
export const ICON_SIZES = [16, 32, 64, 80] as const;
export const DISPLAY_NAME = '法治指标填报助手';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function normalizeBaseUrl(raw: string): string {
  const base = raw.trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`加载项地址“${raw}”不是有效的网址，应形如 https://fazhi.example.gov.cn/addin。`);
  }
  if (url.protocol !== 'https:') {
    throw new Error(`加载项地址“${raw}”必须以 https:// 开头：Excel 只加载 HTTPS 网页（开发时可用 https://localhost:端口/addin）。`);
  }
  return base;
}

export function buildManifest(options: ManifestOptions): string {
  const base = normalizeBaseUrl(options.baseUrl);
  const origin = new URL(base).origin;
  const id = options.id ?? DEFAULT_ADDIN_ID;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new Error(`加载项编号“${id}”不是 GUID，应形如 ${DEFAULT_ADDIN_ID}。`);
  const version = options.version ?? '1.0.0.0';
  if (!/^\d+(\.\d+){0,3}$/.test(version)) throw new Error(`版本号“${version}”应为 1～4 段数字，如 1.0.0.0。`);
  const provider = escapeXml(options.providerName ?? '法治政府建设指标填报系统');
  const support = escapeXml(options.supportUrl ?? `${base}/taskpane.html`);
  const icon = (size: number) => `${base}/assets/icon-${size}.png`;
  const images = ICON_SIZES.map((s) => `        <bt:Image id="Icon.${s}" DefaultValue="${icon(s)}"/>`).join('\n');
  const iconSet = (indent: string) => [16, 32, 80].map((s) => `${indent}<bt:Image size="${s}" resid="Icon.${s}"/>`).join('\n');
  // The ribbon's two buttons differ only in id, strings (`${res}.Label`, `${res}.Tooltip`) and action.
  const button = (id: string, res: string, action: string) => `                <Control xsi:type="Button" id="${id}">
                  <Label resid="${res}.Label"/>
                  <Supertip>
                    <Title resid="${res}.Label"/>
                    <Description resid="${res}.Tooltip"/>
                  </Supertip>
                  <Icon>
${iconSet('                    ')}
                  </Icon>
                  ${action}
                </Control>`;

  return `<?xml version="1.0" encoding="UTF-8"?>
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0" xmlns:ov="http://schemas.microsoft.com/office/taskpaneappversionoverrides" xsi:type="TaskPaneApp">
  <Id>${id}</Id>
  <Version>${version}</Version>
  <ProviderName>${provider}</ProviderName>
  <DefaultLocale>zh-CN</DefaultLocale>
  <DisplayName DefaultValue="${DISPLAY_NAME}"/>
  <Description DefaultValue="在 Excel 中插入法治政府建设年度指标标准表，边填边校验，并报送到汇总系统。"/>
  <IconUrl DefaultValue="${icon(32)}"/>
  <HighResolutionIconUrl DefaultValue="${icon(64)}"/>
  <SupportUrl DefaultValue="${support}"/>
  <AppDomains>
    <AppDomain>${origin}</AppDomain>
  </AppDomains>
  <Hosts>
    <Host Name="Workbook"/>
  </Hosts>
  <Requirements>
    <Sets DefaultMinVersion="1.1">
      <Set Name="ExcelApi" MinVersion="1.8"/>
    </Sets>
  </Requirements>
  <DefaultSettings>
    <SourceLocation DefaultValue="${base}/taskpane.html"/>
  </DefaultSettings>
  <Permissions>ReadWriteDocument</Permissions>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/taskpaneappversionoverrides" xsi:type="VersionOverridesV1_0">
    <Hosts>
      <Host xsi:type="Workbook">
        <DesktopFormFactor>
          <GetStarted>
            <Title resid="GetStarted.Title"/>
            <Description resid="GetStarted.Description"/>
            <LearnMoreUrl resid="GetStarted.LearnMoreUrl"/>
          </GetStarted>
          <FunctionFile resid="Commands.Url"/>
          <ExtensionPoint xsi:type="PrimaryCommandSurface">
            <OfficeTab id="TabHome">
              <Group id="Fazhi.Group">
                <Label resid="Group.Label"/>
                <Icon>
${iconSet('                  ')}
                </Icon>
${button('Fazhi.ShowPane', 'ShowPane', `<Action xsi:type="ShowTaskpane">
                    <TaskpaneId>Fazhi.Taskpane</TaskpaneId>
                    <SourceLocation resid="Taskpane.Url"/>
                  </Action>`)}
${button('Fazhi.Check', 'Check', `<Action xsi:type="ExecuteFunction">
                    <FunctionName>runCheck</FunctionName>
                  </Action>`)}
              </Group>
            </OfficeTab>
          </ExtensionPoint>
        </DesktopFormFactor>
      </Host>
    </Hosts>
    <Resources>
      <bt:Images>
${images}
      </bt:Images>
      <bt:Urls>
        <bt:Url id="GetStarted.LearnMoreUrl" DefaultValue="${support}"/>
        <bt:Url id="Commands.Url" DefaultValue="${base}/commands.html"/>
        <bt:Url id="Taskpane.Url" DefaultValue="${base}/taskpane.html"/>
      </bt:Urls>
      <bt:ShortStrings>
        <bt:String id="GetStarted.Title" DefaultValue="法治指标填报助手已加载"/>
        <bt:String id="Group.Label" DefaultValue="法治指标"/>
        <bt:String id="ShowPane.Label" DefaultValue="填报助手"/>
        <bt:String id="Check.Label" DefaultValue="校验"/>
      </bt:ShortStrings>
      <bt:LongStrings>
        <bt:String id="GetStarted.Description" DefaultValue="在“开始”选项卡点击“填报助手”打开任务窗格：插入标准表、边填边校验、报送到汇总系统。"/>
        <bt:String id="ShowPane.Tooltip" DefaultValue="打开填报助手：插入标准表、查看校验结果和计算结果、报送到汇总系统。"/>
        <bt:String id="Check.Tooltip" DefaultValue="校验当前工作簿的“指标填报”表：有问题的单元格标为红色（错误）或黄色（警告），并选中第一处错误。"/>
      </bt:LongStrings>
    </Resources>
  </VersionOverrides>
</OfficeApp>
`;
}
