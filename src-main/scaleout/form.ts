// The job form's schema lives in the contract (the API validates it at the edge).
export { jobFormSchema } from '../contract/job-form';
export type { JobForm, JobFormInput } from '../contract/job-form';
