// The side-effect-free API: importing this module defines no element and touches no global.
// Register tags with `signin-elements/define.js` or a single `signin-elements/signin-*.js` file.
export {
  SignInError,
  SignInApiError,
  SignInNetworkError,
  SignInTimeoutError,
  SignInAbortError,
  isSignInError,
  isSignInApiError,
  toSignInError,
  type SignInErrorMeta,
  type ApiErrorEntry,
} from './core/errors.js';
export { FrontendApi, type FrontendApiOptions, type RequestOptions } from './core/frontend-api.js';
export {
  parsePublishableKey,
  resolveFrontendApiUrl,
  type PublishableKeyInfo,
  type FrontendApiUrlOptions,
} from './core/frontend-api-url.js';
export { FAPI_API_VERSION, CLIENT_VERSION } from './core/api-client.js';
export { SignIn, type UserData, type ClientTrustState } from './core/resources/sign-in.js';
export type {
  SignInCreateParams,
  PrepareFirstFactorParams,
  AttemptFirstFactorParams,
  PrepareSecondFactorParams,
  AttemptSecondFactorParams,
  ResetPasswordParams,
  SignInRequestOptions,
  CodeStrategy,
} from './core/resources/sign-in-params.js';
export { Client } from './core/resources/client.js';
export { Session, SESSION_STATUSES, type SessionStatus, type PublicUserData } from './core/resources/session.js';
export { User, type EmailAddress, type PhoneNumber } from './core/resources/user.js';
export {
  Environment,
  type AttributeSettings,
  type AuthConfig,
  type DisplayConfig,
  type UserSettings,
} from './core/resources/environment.js';
export { Verification, VERIFICATION_STATUSES, type VerificationStatus } from './core/resources/verification.js';
export type { SignInFactor } from './core/resources/factor.js';
export {
  checkPasswordComplexity,
  PASSWORD_COMPLEXITY_RULES,
  type PasswordSettings,
  type PasswordComplexityRule,
  type PasswordComplexityResult,
  type ValidatePasswordCallbacks,
  type PasswordValidation,
} from './core/strategies/password.js';
export type { PasswordStrength, PasswordStrengthImporter } from './core/strategies/password-strength-loader.js';
export { decodeJwtClaims, type JwtClaims } from './core/token-cache.js';
export {
  SignInController,
  type SignInControllerOptions,
  type SignInControllerState,
} from './controller/sign-in-controller.js';
export type { PasswordStrengthFeedback } from './controller/password-policy.js';
export {
  SIGN_IN_STATUSES,
  ACTIVITIES,
  FLOW_STEPS,
  isSignInStatus,
  type SignInStatus,
  type Activity,
  type FlowStep,
} from './controller/status.js';
export {
  SignInStatusChangeEvent,
  SignInCompleteEvent,
  SignInErrorEvent,
  SignInSignedOutEvent,
  type SignInUserSummary,
  type SignInPublicEvent,
} from './controller/events.js';
export { signInControllerContext } from './context/sign-in-context.js';
export { SignInStateController } from './context/sign-in-state-controller.js';
export { SignInFlowElement } from './elements/signin-flow/signin-flow.element.js';
export { SignInOtpElement } from './elements/signin-otp/signin-otp.element.js';
