/**
 * A real headless Chromium for the browser tests, driven by playwright-core (which ships no browser).
 * The browser is Debian's `chromium` package: ensureChromium() installs it when it is missing, so a
 * fresh machine (CI's clone included) gets it from the tests themselves. A browser test never skips:
 * without a browser it fails, saying how to install one.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

const run = promisify(execFile);

/** Where Debian, Ubuntu and Chrome put the binary; CHROMIUM_PATH names another. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable'];

const HOW_TO_INSTALL =
  'The browser tests need Chromium. Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu), ' +
  'or set CHROMIUM_PATH to a Chromium or Chrome binary.';

/** Installing takes minutes on a fresh machine: the hook that calls ensureChromium() waits this long. */
export const ENSURE_CHROMIUM_TIMEOUT_MS = 10 * 60_000;

export function findChromium(): string | null {
  const configured = process.env.CHROMIUM_PATH?.trim();
  if (configured) return existsSync(configured) ? configured : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** The path of a Chromium binary, installing Debian's package first when there is none. */
export async function ensureChromium(): Promise<string> {
  const found = findChromium();
  if (found) return found;
  if (process.env.CHROMIUM_PATH?.trim())
    throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist. ${HOW_TO_INSTALL}`);
  const started = Date.now();
  process.stderr.write('\nNo Chromium found: installing Debian\'s "chromium" package for the browser tests…\n');
  try {
    await aptInstallChromium();
  } catch (err) {
    const detail = (err as { stderr?: string }).stderr?.trim().split('\n').slice(-5).join('\n') || String(err);
    throw new Error(
      `Could not install Chromium (apt-get install -y --no-install-recommends chromium):\n${detail}\n${HOW_TO_INSTALL}`,
    );
  }
  const installed = findChromium();
  if (!installed)
    throw new Error(`apt-get installed "chromium" but no binary is at ${CANDIDATES[0]}. ${HOW_TO_INSTALL}`);
  process.stderr.write(`Installed Chromium in ${Math.round((Date.now() - started) / 1000)} s\n`);
  return installed;
}

async function aptInstallChromium(): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Waits for another apt (a parallel test worker installing too) instead of failing on its lock.
  const install = () =>
    run('apt-get', ['install', '-y', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=300', 'chromium'], {
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
  try {
    await install();
  } catch {
    // A fresh container has no package lists ("Unable to locate package"): fetch them, then try once more.
    await run('apt-get', ['update'], { env, maxBuffer: 64 * 1024 * 1024 });
    await install();
  }
}

/** Headless Chromium. --no-sandbox: the tests run as root in containers, where Chromium's sandbox cannot start. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(`No Chromium found: call ensureChromium() first. ${HOW_TO_INSTALL}`);
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
}
