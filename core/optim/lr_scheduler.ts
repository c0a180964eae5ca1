/** torch.optim.lr_scheduler: every schedule, under PyTorch's names. */
export * from './lr_scheduler_core.ts';
export * from './lr_scheduler_more.ts';
