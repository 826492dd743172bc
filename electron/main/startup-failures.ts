import type { KeyStoreErrorCode } from './key-provider.ts';
import type { WorkstationConfigErrorCode } from './config.ts';
import type { OutboxErrorCode } from '../core/outbox/errors.ts';
import type { ProfileErrorCode } from '../core/profile/verify.ts';

/**
 * What the start-up dialog says. The person reading it is an agent who will call IT, and
 * then IT: each cause gets one sentence per UI language saying what is wrong and what IT
 * should do, with the bare code underneath for the ticket. Keyed by the typed error codes
 * of config, key store, outbox and profile verification, so a new code that has no
 * sentence is a type error here.
 */
export type StartupStage = 'command-line' | 'config' | 'core' | 'window' | 'unexpected';

export type StartupFailureCause =
  | 'forbidden_switch'
  | WorkstationConfigErrorCode
  | ProfileErrorCode
  | KeyStoreErrorCode
  | Extract<OutboxErrorCode, 'key-unwrap-failed' | 'bad-data-key'>
  | 'data_store_unavailable'
  | 'window_failed'
  | 'unexpected';

export interface Sentences {
  'zh-CN': string;
  'en-US': string;
}

export const STARTUP_FAILURES: Readonly<Record<StartupFailureCause, Sentences>> = Object.freeze({
  forbidden_switch: {
    'zh-CN': '程序启动时带有正式版本禁止的调试或日志设置（见下方代码）。请 IT 从快捷方式、启动脚本或系统环境变量中删除该设置，然后重新启动。',
    'en-US': 'It was started with a debugging or logging setting that installed builds refuse (see the code below). IT: remove it from the shortcut, launch script or system environment variables, then start again.',
  },
  config_missing: {
    'zh-CN': '找不到本工作站的配置文件（workstation.json）。请 IT 按运维手册为本工作站配置工作站编号、注册码和已签名的站点配置。',
    'en-US': 'The workstation configuration file (workstation.json) was not found. IT: provision this workstation (workstation ID, enrollment code, signed site profile) as described in the operations guide.',
  },
  config_invalid: {
    'zh-CN': '工作站配置文件（workstation.json）格式错误或含有未知字段。请 IT 按运维手册更正该文件，或重新配置本工作站。',
    'en-US': 'The workstation configuration file (workstation.json) is not valid JSON or has wrong or unknown fields. IT: correct it against the operations guide, or provision the workstation again.',
  },
  config_not_allowed: {
    'zh-CN': '工作站配置文件含有仅供开发使用的设置（trustedKeysPath 或 allowPlaintextKeyStore），正式版本拒绝使用。请 IT 删除该设置。',
    'en-US': 'workstation.json contains a development-only setting (trustedKeysPath or allowPlaintextKeyStore) that installed builds refuse. IT: remove that setting.',
  },
  profile_unreadable: {
    'zh-CN': '无法读取 workstation.json 中指定的站点配置文件，或其内容不是 JSON。请 IT 检查 profilePath，并从机构重新获取当前的已签名站点配置。',
    'en-US': 'The site profile file named in workstation.json cannot be read or is not JSON. IT: check profilePath and download the institution\'s current signed site profile again.',
  },
  keys_unreadable: {
    'zh-CN': '随程序安装的站点配置签名公钥缺失或已损坏。请 IT 使用机构提供的已签名安装包重新安装 ChannelDesk。',
    'en-US': 'The profile-signing keys installed with the application are missing or damaged. IT: reinstall ChannelDesk from the institution\'s signed installer.',
  },
  ca_unreadable: {
    'zh-CN': '无法读取 workstation.json 中指定的机构 CA 证书（caPath）。请 IT 将机构提供的 CA 证书文件放到该路径。',
    'en-US': 'The institution CA certificate named in workstation.json (caPath) cannot be read. IT: put the CA file provided by the institution at that path.',
  },
  client_certificate_unreadable: {
    'zh-CN': '无法读取 workstation.json 中指定的客户端证书或其私钥。请 IT 将机构签发的客户端证书重新安装到这些路径。',
    'en-US': 'The client certificate or its key named in workstation.json cannot be read. IT: reinstall the client certificate issued by the institution at those paths.',
  },
  malformed: {
    'zh-CN': '站点配置已损坏，或不是已签名的站点配置。请 IT 从机构重新下载当前的已签名站点配置，不要修改其内容。',
    'en-US': 'The site profile is damaged or is not a signed site profile. IT: download the current signed profile from the institution again, and do not edit it.',
  },
  'unknown-key': {
    'zh-CN': '站点配置的签名密钥不受本安装信任。请 IT 直接从机构获取站点配置，或安装机构为其当前密钥提供的 ChannelDesk 版本。',
    'en-US': 'The site profile is signed with a key this installation does not trust. IT: get the profile from the institution itself, or install the ChannelDesk version the institution provides for its current key.',
  },
  'bad-signature': {
    'zh-CN': '站点配置没有签名，或签名校验失败（签名后被修改过）。请 IT 换回机构提供的原始已签名配置，并将此事报告给机构的安全联系人。',
    'en-US': 'The site profile is unsigned or its signature does not verify (it was changed after signing). IT: replace it with the original signed profile from the institution and report the incident to the institution\'s security contact.',
  },
  expired: {
    'zh-CN': '站点配置已过期。请 IT 从机构下载当前的已签名站点配置。',
    'en-US': 'The site profile has expired. IT: download the institution\'s current signed site profile.',
  },
  'not-yet-valid': {
    'zh-CN': '站点配置尚未生效，很可能是本机时钟不准。请 IT 更正本机的日期、时间和时区（启用时间同步），然后重新启动。',
    'en-US': 'The site profile is not valid yet, so this computer\'s clock is probably wrong. IT: correct the date, time and time zone (enable time synchronisation), then start again.',
  },
  rollback: {
    'zh-CN': '站点配置比本工作站已使用过的版本更旧（可能是回滚攻击）。请 IT 安装机构当前的已签名站点配置，切勿使用旧副本。',
    'en-US': 'The site profile is older than one this workstation has already used (a possible rollback). IT: install the institution\'s current signed profile, never an older copy.',
  },
  'invalid-content': {
    'zh-CN': '站点配置签名有效，但内容无效。请 IT 报告机构，由机构签发更正后的站点配置。',
    'en-US': 'The site profile is signed but its content is invalid. IT: report it to the institution, which must issue a corrected profile.',
  },
  keystore_unavailable: {
    'zh-CN': '操作系统密钥存储不可用，本地数据无法受到保护。请 IT 确认该用户以正常桌面会话登录，且其密钥存储（Windows 凭据、macOS 钥匙串，或 Linux 上的 GNOME Keyring/KWallet）已解锁。',
    'en-US': 'The operating system\'s key store is not available, so local data cannot be protected. IT: make sure the user is signed in to a normal desktop session with its key store (Windows credentials, macOS Keychain, GNOME Keyring/KWallet on Linux) unlocked.',
  },
  keystore_plaintext: {
    'zh-CN': '本 Linux 电脑只有明文密钥存储可用。请 IT 为该用户安装并启用密钥环（GNOME Keyring/libsecret 或 KWallet）。',
    'en-US': 'Only the plain-text key store fallback is available on this Linux computer. IT: install and enable a key ring (GNOME Keyring/libsecret or KWallet) for this user.',
  },
  'key-unwrap-failed': {
    'zh-CN': '该用户的密钥存储无法解开本地数据密钥（换了用户、密钥存储被重置或数据目录被复制）。请 IT 以最初配置它的用户启动，或恢复该用户的密钥存储；没有任何数据被删除。',
    'en-US': 'This user\'s key store cannot unlock the local data key (another user, a reset key store or a copied data folder). IT: start ChannelDesk as the user who set it up, or restore that user\'s key store; nothing has been deleted.',
  },
  'bad-data-key': {
    'zh-CN': '已保存的本地数据密钥已损坏。请 IT 在删除任何数据之前联系机构支持：数据目录中有尚未送达的审计记录。',
    'en-US': 'The stored local data key is damaged. IT: contact the institution\'s support before removing any data; the data folder holds audit records not yet delivered.',
  },
  data_store_unavailable: {
    'zh-CN': '无法打开或写入本地数据目录（权限不足、磁盘已满或文件损坏）。请 IT 检查磁盘空间，以及该用户对 ChannelDesk 数据目录的写入权限。',
    'en-US': 'The local data folder cannot be opened or written (permissions, a full disk or a damaged file). IT: check the disk space and this user\'s write access to the ChannelDesk data folder.',
  },
  window_failed: {
    'zh-CN': '无法加载程序窗口，安装可能不完整。请 IT 使用机构提供的已签名安装包重新安装 ChannelDesk。',
    'en-US': 'The application window could not be loaded; the installation may be incomplete. IT: reinstall ChannelDesk from the institution\'s signed installer.',
  },
  unexpected: {
    'zh-CN': '启动时发生意外错误。请 IT 重新启动电脑；如果再次出现，请将下方代码和发生时间发送给机构支持。',
    'en-US': 'An unexpected error occurred while starting. IT: restart the computer; if it happens again, send the code below and the time it happened to the institution\'s support.',
  },
});

const isCause = (code: string): code is StartupFailureCause => Object.hasOwn(STARTUP_FAILURES, code);

/** Node file-system and SQLite codes raised while the outbox store opens its folder. */
const DATA_STORE_CODE = /^(SQLITE_[A-Z_]+|EACCES|EPERM|EROFS|ENOSPC|ENOENT|ENOTDIR|EISDIR|EBUSY|EEXIST)$/;

export function startupFailureCause(stage: StartupStage, code: string): StartupFailureCause {
  if (stage === 'command-line' && code.startsWith('forbidden_switch:')) return 'forbidden_switch';
  if (stage === 'window') return 'window_failed';
  if (stage === 'core' && DATA_STORE_CODE.test(code)) return 'data_store_unavailable';
  // A stage only owns its own codes: `expired` from the window stage is not a profile problem.
  if ((stage === 'config' || stage === 'core') && isCause(code) && code !== 'forbidden_switch' && code !== 'window_failed') return code;
  return 'unexpected';
}

/** The dialog body: Chinese first (the default UI language), then English, then the code for IT's ticket. */
export function startupFailureText(stage: StartupStage, code: string): string {
  const sentences = STARTUP_FAILURES[startupFailureCause(stage, code)];
  return [
    `ChannelDesk 无法启动。${sentences['zh-CN']}`,
    `ChannelDesk cannot start. ${sentences['en-US']}`,
    '',
    `代码 / Code: ${stage}: ${code}`,
  ].join('\n');
}

export const STARTUP_FAILURE_TITLE = 'ChannelDesk — 无法启动 / cannot start';
