import { compareText, type Rule } from "../src/engine/rule.js";
import addRemoteWithoutChecksum from "./add-remote-without-checksum.js";
import goForceRebuildFlags from "./go-force-rebuild-flags.js";
import goToolchainInFinalImage from "./go-toolchain-in-final-image.js";
import imageNotDigestPinned from "./image-not-digest-pinned.js";
import jsonArgsRecommended from "./json-args-recommended.js";
import maintainerDeprecated from "./maintainer-deprecated.js";
import remoteScriptPipedToShell from "./remote-script-piped-to-shell.js";
import workdirRelative from "./workdir-relative.js";
import addLocalPreferCopy from "./add-local-prefer-copy.js";
import multipleCmdEntrypointHealthcheck from "./multiple-cmd-entrypoint-healthcheck.js";
import cdInRun from "./cd-in-run.js";
import exposeInvalid from "./expose-invalid.js";
import copyFromUnknownStage from "./copy-from-unknown-stage.js";
import stageNameProblems from "./stage-name-problems.js";
import legacyKeyValueFormat from "./legacy-key-value-format.js";
import secretInArgEnv from "./secret-in-arg-env.js";
import shellFormWithoutShell from "./shell-form-without-shell.js";
import tzdataMissing from "./tzdata-missing.js";
import goVersionMismatch from "./go-version-mismatch.js";
import pipefailMissing from "./pipefail-missing.js";
import apkAddNoCache from "./apk-add-no-cache.js";
import dockerignoreMissing from "./dockerignore-missing.js";
import untrustedRegistry from "./untrusted-registry.js";
import instructionCasing from "./instruction-casing.js";
import finalImageNotMinimal from "./final-image-not-minimal.js";
import goHardcodedTargetPlatform from "./go-hardcoded-target-platform.js";
import secretPersistedInLayer from "./secret-persisted-in-layer.js";
import aptGetHygiene from "./apt-get-hygiene.js";
import goCacheMountMissing from "./go-cache-mount-missing.js";
import undefinedVariable from "./undefined-variable.js";
import execTargetMissing from "./exec-target-missing.js";
import copyFromMissingPath from "./copy-from-missing-path.js";
import dockerfileSyntax from "./dockerfile-syntax.js";
import finalUserRoot from "./final-user-root.js";
import goCgoImplicit from "./go-cgo-implicit.js";
import goDepsAfterSource from "./go-deps-after-source.js";
import goDynamicBinary from "./go-dynamic-binary.js";
import goGoarmVariant from "./go-goarm-variant.js";
import goInstallUnpinned from "./go-install-unpinned.js";
import goModuleVerificationDisabled from "./go-module-verification-disabled.js";
import goLdflagsUnstripped from "./go-ldflags-unstripped.js";
import goSumNotCopied from "./go-sum-not-copied.js";
import goTrimpathMissing from "./go-trimpath-missing.js";
import imageFloatingTag from "./image-floating-tag.js";
import imageUntagged from "./image-untagged.js";
import scratchMissingCaCertificates from "./scratch-missing-ca-certificates.js";
import userUnresolvable from "./user-unresolvable.js";
import aptNotAptGet from "./apt-not-apt-get.js";
import packageManagerHygiene from "./package-manager-hygiene.js";
import packageVersionsUnpinned from "./package-versions-unpinned.js";
import shellSymlink from "./shell-symlink.js";
import sudoInRun from "./sudo-in-run.js";
import useraddLargeUid from "./useradd-large-uid.js";
import wgetCurlStyle from "./wget-curl-style.js";
import tlsVerificationDisabled from "./tls-verification-disabled.js";
import downloadNotVerified from "./download-not-verified.js";
import copyIgnoredFile from "./copy-ignored-file.js";
import chownUnknownUser from "./chown-unknown-user.js";
import copyWholeFilesystem from "./copy-whole-filesystem.js";
import platformFlag from "./platform-flag.js";
import copyMultipleSourcesDir from "./copy-multiple-sources-dir.js";
import copyRelativeWithoutWorkdir from "./copy-relative-without-workdir.js";
import instructionSwallowed from "./instruction-swallowed.js";
import onbuildProblems from "./onbuild-problems.js";
import consecutiveRun from "./consecutive-run.js";
import labelSchema from "./label-schema.js";
import shellcheck from "./shellcheck.js";

/** Every rule, sorted by id. A test checks that this list matches the files in rules/. */
export const rules: readonly Rule[] = [
  dockerfileSyntax,
  goCgoImplicit,
  goDynamicBinary,
  goGoarmVariant,
  goInstallUnpinned,
  goModuleVerificationDisabled,
  goLdflagsUnstripped,
  goTrimpathMissing,
  goDepsAfterSource,
  goSumNotCopied,
  imageUntagged,
  imageFloatingTag,
  scratchMissingCaCertificates,
  finalUserRoot,
  userUnresolvable,
  addRemoteWithoutChecksum,
  goForceRebuildFlags,
  goToolchainInFinalImage,
  imageNotDigestPinned,
  jsonArgsRecommended,
  maintainerDeprecated,
  remoteScriptPipedToShell,
  workdirRelative,
  addLocalPreferCopy,
  multipleCmdEntrypointHealthcheck,
  cdInRun,
  exposeInvalid,
  copyFromUnknownStage,
  stageNameProblems,
  legacyKeyValueFormat,
  secretInArgEnv,
  shellFormWithoutShell,
  tzdataMissing,
  goVersionMismatch,
  pipefailMissing,
  apkAddNoCache,
  dockerignoreMissing,
  untrustedRegistry,
  instructionCasing,
  finalImageNotMinimal,
  goHardcodedTargetPlatform,
  secretPersistedInLayer,
  aptGetHygiene,
  goCacheMountMissing,
  undefinedVariable,
  execTargetMissing,
  copyFromMissingPath,
  sudoInRun,
  aptNotAptGet,
  packageVersionsUnpinned,
  packageManagerHygiene,
  useraddLargeUid,
  shellSymlink,
  wgetCurlStyle,
  tlsVerificationDisabled,
  downloadNotVerified,
  copyWholeFilesystem,
  platformFlag,
  copyMultipleSourcesDir,
  copyRelativeWithoutWorkdir,
  chownUnknownUser,
  copyIgnoredFile,
  instructionSwallowed,
  onbuildProblems,
  consecutiveRun,
  labelSchema,
  shellcheck,
].sort((a, b) => compareText(a.id, b.id));
