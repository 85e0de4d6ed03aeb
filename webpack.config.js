// Bundles the browser code: the Excel add-in's task pane and the aggregator's web page.
// Both import the same pure core (templates/src: catalogue, layout, validator).
const path = require('node:path');
const fs = require('node:fs');

const entries = {
  taskpane: './addin/src/taskpane/index.ts',
  web: './aggregator/src/web/index.ts',
};
const present = Object.fromEntries(Object.entries(entries).filter(([, file]) => fs.existsSync(path.join(__dirname, file))));

module.exports = (_env, argv = {}) => ({
  mode: argv.mode || 'production',
  entry: present,
  devtool: argv.mode === 'development' ? 'source-map' : false,
  output: { path: path.join(__dirname, 'dist', 'web'), filename: '[name].js', clean: true },
  resolve: { extensions: ['.ts', '.js', '.json'] },
  module: {
    rules: [{ test: /\.ts$/, loader: 'ts-loader', exclude: /node_modules/, options: { transpileOnly: true } }],
  },
  performance: { hints: false },
});
