// The JavaScript pipeline Chaperone is compared with: linkify-it (fuzzy
// links and emails on) plus libphonenumber-js findPhoneNumbersInText
// (default country US, as in shared/external/README.md). Links are
// classified by host exactly as the Go pipeline does (bench/systems.go).
//
//   node run.js quality FILE         one JSON array of kinds per input line
//   node run.js speed FILE SECONDS [PASSES]
//                                    scans the texts in order, PASSES times
//                                    over (default 1; after one untimed pass
//                                    when more), until done or out of time;
//                                    prints one JSON object
import { readFileSync } from 'node:fs';
import { LinkifyIt } from 'linkify-it';
import { findPhoneNumbersInText } from 'libphonenumber-js';

const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: false });

const groups = [
  ['meeting_link', ['zoom.us', 'meet.google.com', 'calendly.com', 'teams.microsoft.com', 'teams.live.com', 'whereby.com', 'meet.jit.si', 'webex.com']],
  ['handle', ['wa.me', 't.me', 'telegram.me', 'linkedin.com', 'instagram.com', 'facebook.com', 'fb.com', 'm.me', 'twitter.com', 'x.com', 'discord.gg', 'discord.com', 'skype.com', 'snapchat.com', 'tiktok.com']],
  ['payment_account', ['paypal.me', 'paypal.com', 'venmo.com', 'cash.app']],
];

function hostKind(link) {
  let u = link.toLowerCase();
  if (!u.includes('://')) u = 'http://' + u;
  let host = '';
  try { host = new URL(u).hostname; } catch { /* not a URL: a plain url finding */ }
  host = host.replace(/^www\./, '');
  for (const [kind, hosts] of groups) {
    for (const h of hosts) {
      if (host === h || host.endsWith('.' + h)) return kind;
    }
  }
  return 'url';
}

function scan(text) {
  const kinds = [];
  const links = linkify.match(text);
  if (links) {
    for (const m of links) {
      kinds.push(m.schema === 'mailto:' ? 'email' : hostKind(m.url));
    }
  }
  for (const _ of findPhoneNumbersInText(text, 'US')) kinds.push('phone');
  return kinds;
}

function readTexts(file) {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l).text ?? '');
}

const [mode, file, seconds, passesArg] = process.argv.slice(2);
if (mode === 'quality') {
  const out = readTexts(file).map((t) => JSON.stringify([...new Set(scan(t))]));
  process.stdout.write(out.join('\n') + '\n');
} else if (mode === 'speed') {
  const texts = readTexts(file);
  const rssAfterLoad = process.memoryUsage().rss;
  const limit = Number(seconds) * 1e9;
  const passes = Number(passesArg ?? 1);
  if (passes > 1) {
    for (const t of texts) scan(t); // warm-up, not timed
  }
  let bytes = 0, messages = 0, findings = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let elapsed = 0n;
  scanning:
  for (let pass = 0; pass < passes; pass++) {
    for (const t of texts) {
      findings += scan(t).length;
      bytes += Buffer.byteLength(t, 'utf8');
      messages++;
      if ((messages & 63) === 0) {
        elapsed = process.hrtime.bigint() - t0;
        if (Number(elapsed) > limit) break scanning;
      }
    }
  }
  elapsed = process.hrtime.bigint() - t0;
  const cpu = process.cpuUsage(cpu0);
  // The process's own high-water mark: its rusage would also count the
  // memory of the parent it was started from.
  let peakRSS = 0;
  try {
    const hwm = /VmHWM:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) peakRSS = Number(hwm[1]) * 1024;
  } catch { /* not Linux: the parent reads the rusage */ }
  console.log(JSON.stringify({ bytes, messages, findings, seconds: Number(elapsed) / 1e9, cpu_seconds: (cpu.user + cpu.system) / 1e6, rss_after_load: rssAfterLoad, peak_rss: peakRSS }));
} else {
  console.error('usage: node run.js quality FILE | speed FILE SECONDS [PASSES]');
  process.exit(2);
}
