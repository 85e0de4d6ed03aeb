// Task pane entry: wait for Office, then start the pane.
import { TaskPane } from './pane';

void Office.onReady(() => {
  const root = document.getElementById('app');
  if (root) void new TaskPane(root).start();
});
