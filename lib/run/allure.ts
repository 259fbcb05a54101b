// Whether Allure is recording this run: allure-mocha installs its test runtime when it is a reporter; without it
// allure-js-commons answers with a no-op runtime, and steps/attachments/labels are skipped.

import { BaseMessageTestRuntime, getGlobalTestRuntime } from "allure-js-commons/sdk/runtime";

export function allureActive(): boolean {
  return getGlobalTestRuntime() instanceof BaseMessageTestRuntime;
}
