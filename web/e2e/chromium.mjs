// Launching Debian's Chromium through playwright-core, headless, with WebGPU on SwiftShader
// (software Vulkan) so that WebGPU renders to the canvas on a machine without a GPU.
import { chromium } from 'playwright-core';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.SWARMCAST_CHROMIUM ?? '/usr/bin/chromium';

export const FLAGS = [
  '--headless=new', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--disable-dev-shm-usage',
  // WebGPU (and WebGL) in software: SwiftShader Vulkan and ANGLE on SwiftShader
  '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
];

/** The window size: SWARMCAST_VIEWPORT=WxH, default 960x600. */
export function viewport() {
  const m = /^(\d+)x(\d+)$/.exec(process.env.SWARMCAST_VIEWPORT ?? '');
  return m ? { width: Number(m[1]), height: Number(m[2]) } : { width: 960, height: 600 };
}

export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set SWARMCAST_CHROMIUM`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'swarmcast-chromium-'));
  let executablePath = CHROMIUM;
  const nice = process.env.SWARMCAST_BROWSER_NICE;
  if (nice) {
    // a lower CPU priority for the browser: on a small machine shared with the server, this stands
    // in for a viewer on another machine (the server's tick thread is not starved by the software renderer)
    executablePath = join(profile, 'chromium-nice.sh');
    writeFileSync(executablePath, `#!/bin/sh\nexec nice -n ${Number(nice)} ${CHROMIUM} "$@"\n`);
    chmodSync(executablePath, 0o755);
  }
  const context = await chromium.launchPersistentContext(join(profile, 'profile'), {
    executablePath,
    headless: true,
    args: FLAGS,
    viewport: viewport(),
    ignoreDefaultArgs: ['--enable-automation'],
  });
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close, version: context.browser()?.version() };
}
