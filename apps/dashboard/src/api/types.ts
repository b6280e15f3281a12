import type { RecipientAction, RecipientStatus, SequenceStatus, StepType } from '@stepwise/contracts/actions';

/** Response bodies as the services return them (see each controller); requests are typed from OpenAPI. */

export interface StepNode {
  kind: 'step';
  id: string;
  type: StepType;
  name: string;
  identityId?: string;
  subject?: string;
  body?: string;
  delay?: { amount: number; unit: string };
}
export interface BranchNode {
  kind: 'branch';
  id: string;
  name: string;
  condition: { kind: string; stepId?: string };
  yes: SequenceNode[];
  no: SequenceNode[];
}
export type SequenceNode = StepNode | BranchNode;

export interface Sequence {
  id: string;
  name: string;
  status: SequenceStatus;
  definition: SequenceNode[];
  openTrackingEnabled: boolean;
  createdAt: string;
  updatedAt: string;
  launchedAt?: string | null;
}

export interface StepError {
  type: string;
  message: string;
  suggestedFix: string;
}

export interface Enrollment {
  id: string;
  sequenceId: string;
  recipientId: string;
  status: RecipientStatus;
  substatus: string | null;
  currentNodeId: string | null;
  attempt: number;
  nextDueAt: string | null;
  error: StepError | null;
  createdAt: string;
  updatedAt: string;
  recipient: { email: string | null; phone: string | null; linkedinProfile: string | null };
}

export interface EnrollmentDetail extends Omit<Enrollment, 'recipient'> {
  recipient: Enrollment['recipient'] & { variables: Record<string, string> };
  timeline: {
    fromStatus: RecipientStatus | null;
    toStatus: RecipientStatus;
    substatus: string | null;
    stepId: string | null;
    cause: string;
    occurredAt: string;
  }[];
}

export interface EnrollResult {
  enrolled: { index: number; enrollmentId: string; recipientId: string }[];
  rejected: { index: number; field?: string; reason: string }[];
}

export interface ActionResult {
  applied: string[];
  refused: { enrollmentId: string; status: RecipientStatus | null; reason: string }[];
}

export interface RateMetric {
  count: number;
  percent: number | null;
}

export type MetricName =
  | 'deliveryRate'
  | 'openedRate'
  | 'repliedRate'
  | 'acceptedRate'
  | 'completedRate'
  | 'pendingRate'
  | 'overdueRate'
  | 'errorRate'
  | 'skippedRate'
  | 'tasksCreated';

export interface StepSnapshot {
  stepId: string;
  type: StepType;
  name: string;
  position: number;
  branchId?: string;
  branchPath?: 'yes' | 'no';
  recipientsAttempted: number;
  queued: number;
  attempted: number;
  metrics: Partial<Record<Exclude<MetricName, 'tasksCreated'>, RateMetric>> & { tasksCreated?: { count: number } };
}

export interface SequenceSnapshot {
  sequenceId: string;
  name: string;
  openTrackingEnabled: boolean;
  steps: StepSnapshot[];
  branches: { branchId: string; name: string; position: number; paths: { yes: number | null; no: number | null } }[];
}

export interface SequenceOverview {
  sequenceId: string;
  name: string;
  allChannels: { totalContacts: number; started: number; contacted: number; replied: number; positive: number };
  linkedin: {
    engaged: number;
    invited: number;
    accepted: number;
    contacted: number;
    replied: number;
    positive: number;
  };
  email: { sent: number; clicked: number; replied: number; positive: number; bounced: number };
  tasks: { pending: number; completed: number };
  flow: { stepId: string; type: StepType; name: string; position: number; recipients: number }[];
}

export interface CampaignStats {
  from: string;
  to: string;
  reachOuts: number;
  inProgress: number;
  opens: number;
  responses: number;
  interested: number;
}

export interface Identity {
  id: string;
  channel: 'email' | 'sms' | 'social';
  address: string;
  displayName: string | null;
  timezone: string;
  hourlyLimit: number | null;
  dailyLimit: number | null;
  weeklyLimit: number | null;
  workingHours: { days: number[]; start: string; end: string; holidays?: string[] } | null;
  authState: string;
}

/** A login as GET shows it: secrets are only ever "set", never their value. */
export type LoginView =
  | { type: 'password'; username: string; password: 'set' }
  | {
      type: 'oauth2';
      provider: 'google' | 'microsoft';
      username: string;
      clientId: string;
      tokenUrl?: string;
      clientSecret: 'set';
      refreshToken: 'set';
    };

export interface ServerView {
  host: string;
  port: number;
  tls: 'implicit' | 'starttls' | 'none';
  auth: LoginView;
}

export interface ConnectionCheck {
  ok: boolean;
  problem?: string;
}

/** What channel-email found when it last logged in on a verify request (enrollment stores it). */
export interface Verification {
  id: string;
  ok: boolean;
  checkedAt: string;
  smtp: ConnectionCheck;
  imap?: ConnectionCheck;
}

export interface IdentityDetail extends Identity {
  connection: { revision: number; smtp: ServerView; imap?: ServerView & { mailbox: string } } | null;
  lastVerification: Verification | null;
}

export interface VerifyAnswer {
  status: 'verified' | 'pending';
  verificationId: string;
  result?: Verification;
}

export type { RecipientAction, RecipientStatus, SequenceStatus, StepType };
