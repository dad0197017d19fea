// The regc extension's client. Highlighting is declared in package.json (the TextMate grammar); this file
// starts the regc language server, `COMMAND --rules FOLDER lsp` over stdio, once per workspace folder in
// which a rule file is opened (each folder may have its own .venv and rule tree). Plain JavaScript, no build.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

const LANGUAGE_ID = 'regc';
/** @type {Map<string, LanguageClient>} one client per workspace folder, keyed by the folder's URI */
const clients = new Map();
/** @type {vscode.LogOutputChannel} */
let output;

function activate(context) {
  // One log channel for all clients: the servers' stderr and, with regc.trace.server, the LSP messages.
  output = vscode.window.createOutputChannel('regc', { log: true });
  context.subscriptions.push(
    output,
    vscode.workspace.onDidOpenTextDocument(startFor),
    vscode.workspace.onDidChangeWorkspaceFolders((event) => {
      for (const folder of event.removed) stop(folder.uri.toString());
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('regc.command') || event.affectsConfiguration('regc.rulesFolder')) {
        restartAll();
      }
    }),
    vscode.commands.registerCommand('regc.restartServer', restartAll),
  );
  vscode.workspace.textDocuments.forEach(startFor);
}

function deactivate() {
  return Promise.all([...clients.keys()].map(stop));
}

/** Start the server of the document's workspace folder, unless it runs already. */
function startFor(document) {
  if (document.languageId !== LANGUAGE_ID || document.uri.scheme !== 'file') return;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  if (!folder) {
    // The server reads a rule tree relative to a folder: a loose file has none.
    output.info(`${document.uri.fsPath} is outside the workspace folders: no language server for it`);
    return;
  }
  const key = folder.uri.toString();
  if (clients.has(key)) return;

  const { command, args } = serverCommand(folder);
  output.info(`starting ${[command, ...args].join(' ')} in ${folder.uri.fsPath}`);
  const client = new LanguageClient(
    LANGUAGE_ID, // the id makes `regc.trace.server` the trace setting
    'regc language server',
    // An Executable without `transport`: plain stdio (TransportKind.stdio would append `--stdio`).
    { command, args, options: { cwd: folder.uri.fsPath } },
    {
      documentSelector: [{ scheme: 'file', language: LANGUAGE_ID, pattern: `${folder.uri.fsPath}/**/*` }],
      workspaceFolder: folder,
      outputChannel: output,
    },
  );
  clients.set(key, client); // before start(): a second document of the folder must not start another
  client.start().catch((err) => {
    // The failed client stays in `clients`, so other rule files do not retry (and report) it again:
    // regc.restartServer or a change of the settings tries again.
    const message = `regc: the language server did not start (${[command, ...args].join(' ')}): ${err.message || err}`;
    output.error(message);
    vscode.window.showErrorMessage(message, 'Open settings', 'Show log').then((choice) => {
      if (choice === 'Open settings') vscode.commands.executeCommand('workbench.action.openSettings', 'regc.');
      if (choice === 'Show log') output.show();
    });
  });
}

/**
 * The program and arguments that start the server for `folder`: the regc.command setting, or, left at its
 * default, the folder's own .venv/bin/regc when there is one (the project's dev.py installs regc there).
 */
function serverCommand(folder) {
  const config = vscode.workspace.getConfiguration('regc', folder.uri);
  const inspected = config.inspect('command') || {};
  const setByUser = [inspected.globalValue, inspected.workspaceValue, inspected.workspaceFolderValue]
    .some((value) => value !== undefined);
  let argv = [].concat(config.get('command', 'regc'));
  if (!setByUser) {
    const venvRegc = process.platform === 'win32'
      ? path.join(folder.uri.fsPath, '.venv', 'Scripts', 'regc.exe')
      : path.join(folder.uri.fsPath, '.venv', 'bin', 'regc');
    if (fs.existsSync(venvRegc)) argv = [venvRegc];
  }
  argv = argv.filter((part) => typeof part === 'string' && part !== '').map((part) => substitute(part, folder));
  if (argv.length === 0) argv = ['regc'];

  const rulesFolder = substitute(config.get('rulesFolder', 'rules') || '', folder);
  const rulesArgs = rulesFolder ? ['--rules', rulesFolder] : []; // empty: regc's own default, rules/
  return { command: argv[0], args: [...argv.slice(1), ...rulesArgs, 'lsp'] };
}

/** Replace the variables a setting may use: ${workspaceFolder} and ${userHome}. */
function substitute(value, folder) {
  return value
    .replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath)
    .replace(/\$\{userHome\}/g, os.homedir());
}

async function stop(key) {
  const client = clients.get(key);
  clients.delete(key);
  if (client) {
    try {
      await client.stop();
    } catch (err) {
      output.warn(`stopping the language server: ${err.message || err}`);
    }
  }
}

async function restartAll() {
  await Promise.all([...clients.keys()].map(stop));
  vscode.workspace.textDocuments.forEach(startFor);
}

module.exports = { activate, deactivate, serverCommand };
