// Task pane entry: wait for Office, then start the pane. Opened in a plain browser (no office.js or
// no Excel host), it says so instead of showing a dead pane.
import { officeHost } from '../excel/adapter';
import { TaskPane } from './pane';

const root = document.getElementById('app');
void officeHost().then((host) => {
  if (!root) return;
  if (host === 'none') {
    root.textContent = '未能加载 Office 组件（office.js）：请在 Excel 中通过“填报助手”按钮打开本页面；如在 Excel 中仍出现此提示，请联系管理员检查加载项部署。';
  } else if (host === 'other') {
    root.textContent = '填报助手只能在 Excel 中使用：请在 Excel 的“开始”选项卡点击“填报助手”。';
  } else {
    void new TaskPane(root).start();
  }
});
