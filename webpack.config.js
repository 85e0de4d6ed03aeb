// Bundles the browser code: the Excel add-in's task pane and ribbon commands, and the aggregator's
// web page. All import the same pure core (templates/src: catalogue, layout, validator).
// OFFICE_JS_URL picks where the add-in pages load office.js from: by default the aggregator's own
// copy (/addin/office-js/, for intranets without internet); set it to the Microsoft CDN otherwise.
const path = require('node:path');
const fs = require('node:fs');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');

const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const entries = {
  taskpane: './addin/src/taskpane/index.ts',
  commands: './addin/src/commands/commands.ts',
  web: './aggregator/src/web/index.ts',
};
const pages = {
  taskpane: './addin/src/taskpane/taskpane.html',
  commands: './addin/src/commands/commands.html',
};
const exists = (file) => fs.existsSync(path.join(__dirname, file));
const present = Object.fromEntries(Object.entries(entries).filter(([, file]) => exists(file)));

module.exports = (_env, argv = {}) => {
  const officeJs = process.env.OFFICE_JS_URL === 'cdn' ? OFFICE_JS_CDN : process.env.OFFICE_JS_URL || 'office-js/office.js';
  return {
    mode: argv.mode || 'production',
    entry: present,
    devtool: argv.mode === 'development' ? 'source-map' : false,
    output: { path: path.join(__dirname, 'dist', 'web'), filename: '[name].js', clean: true },
    // The shared check (templates/src/xlsx/check-workbook) sits next to the xlsx zip gate, which needs
    // node:zlib; browsers never open a zip through it, so zlib is left out of the bundles.
    resolve: { extensions: ['.ts', '.js', '.json'], fallback: { zlib: false } },
    module: {
      rules: [{ test: /\.ts$/, loader: 'ts-loader', exclude: /node_modules/, options: { transpileOnly: true } }],
    },
    plugins: [
      new webpack.NormalModuleReplacementPlugin(/^node:zlib$/, (resource) => {
        resource.request = 'zlib';
      }),
      ...Object.entries(pages)
      .filter(([name, template]) => present[name] && exists(template))
      .map(([name, template]) => new HtmlWebpackPlugin({
        template,
        filename: `${name}.html`,
        chunks: [name],
        templateParameters: { officeJsUrl: officeJs },
      })),
    ],
    performance: { hints: false },
  };
};
