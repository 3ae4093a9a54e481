import { toDate } from '../wire-convert.js';
import type { EmailAddressJSON, PhoneNumberJSON, UserJSON } from '../wire.js';

export interface EmailAddress {
  readonly id: string;
  readonly emailAddress: string;
  readonly verificationStatus: string | null;
}

export interface PhoneNumber {
  readonly id: string;
  readonly phoneNumber: string;
  readonly verificationStatus: string | null;
}

const emailFromJSON = (json: EmailAddressJSON): EmailAddress =>
  Object.freeze({ id: json.id, emailAddress: json.email_address, verificationStatus: json.verification?.status ?? null });

const phoneFromJSON = (json: PhoneNumberJSON): PhoneNumber =>
  Object.freeze({ id: json.id, phoneNumber: json.phone_number, verificationStatus: json.verification?.status ?? null });

/** The signed-in user (spec §6.6), camelCased; missing fields are defaulted. */
export class User {
  readonly id: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly username: string | null;
  readonly imageUrl: string | null;
  readonly hasImage: boolean;
  readonly primaryEmailAddressId: string | null;
  readonly primaryPhoneNumberId: string | null;
  readonly primaryWeb3WalletId: string | null;
  readonly passwordEnabled: boolean;
  readonly twoFactorEnabled: boolean;
  readonly totpEnabled: boolean;
  readonly backupCodeEnabled: boolean;
  readonly emailAddresses: readonly EmailAddress[];
  readonly phoneNumbers: readonly PhoneNumber[];
  readonly publicMetadata: Readonly<Record<string, unknown>>;
  readonly unsafeMetadata: Readonly<Record<string, unknown>>;
  readonly lastSignInAt: Date | null;
  readonly createdAt: Date | null;
  readonly updatedAt: Date | null;

  private constructor(json: UserJSON) {
    this.id = json.id;
    this.firstName = json.first_name ?? null;
    this.lastName = json.last_name ?? null;
    this.username = json.username ?? null;
    this.imageUrl = json.image_url ?? null;
    this.hasImage = json.has_image ?? false;
    this.primaryEmailAddressId = json.primary_email_address_id ?? null;
    this.primaryPhoneNumberId = json.primary_phone_number_id ?? null;
    this.primaryWeb3WalletId = json.primary_web3_wallet_id ?? null;
    this.passwordEnabled = json.password_enabled ?? false;
    this.twoFactorEnabled = json.two_factor_enabled ?? false;
    this.totpEnabled = json.totp_enabled ?? false;
    this.backupCodeEnabled = json.backup_code_enabled ?? false;
    this.emailAddresses = Object.freeze((json.email_addresses ?? []).map(emailFromJSON));
    this.phoneNumbers = Object.freeze((json.phone_numbers ?? []).map(phoneFromJSON));
    this.publicMetadata = Object.freeze({ ...(json.public_metadata ?? {}) });
    this.unsafeMetadata = Object.freeze({ ...(json.unsafe_metadata ?? {}) });
    this.lastSignInAt = toDate(json.last_sign_in_at);
    this.createdAt = toDate(json.created_at);
    this.updatedAt = toDate(json.updated_at);
  }

  static fromJSON(json: UserJSON): User {
    return new User(json);
  }

  /** The email address whose id is `primaryEmailAddressId`, if listed. */
  get primaryEmailAddress(): EmailAddress | null {
    return this.emailAddresses.find((email) => email.id === this.primaryEmailAddressId) ?? null;
  }

  /** The phone number whose id is `primaryPhoneNumberId`, if listed. */
  get primaryPhoneNumber(): PhoneNumber | null {
    return this.phoneNumbers.find((phone) => phone.id === this.primaryPhoneNumberId) ?? null;
  }
}
