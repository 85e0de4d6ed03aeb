// Task pane entry: wait for Office, then start the pane. Opened in a plain browser (no office.js or
// no Excel host), it says so instead of showing a dead pane.
import { TaskPane } from './pane';

const root = document.getElementById('app');
if (typeof Office === 'undefined') {
  if (root) root.textContent = '未能加载 Office 组件（office.js）：请在 Excel 中通过“填报助手”按钮打开本页面；如在 Excel 中仍出现此提示，请联系管理员检查加载项部署。';
} else {
  void Office.onReady((info) => {
    if (!root) return;
    if (info.host !== Office.HostType.Excel) {
      root.textContent = '填报助手只能在 Excel 中使用：请在 Excel 的“开始”选项卡点击“填报助手”。';
      return;
    }
    void new TaskPane(root).start();
  });
}
