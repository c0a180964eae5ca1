"""Resume training in real PyTorch from our checkpoint and take one step with given gradients.

usage: optim_resume.py CHECKPOINT KIND GRADS_JSON  (KIND: sgd | adam; checkpoint from save_checkpoint with a
model {'weight': (2,3), 'bias': (2,)}, an optimizer and a StepLR scheduler) → JSON {params, lr, last_epoch}
"""
import json
import sys

import torch

path, kind, grads = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
ckpt = torch.load(path, weights_only=False)
model = torch.nn.Linear(3, 2)
model.load_state_dict(ckpt['model'], strict=True)
opt = torch.optim.SGD(model.parameters(), lr=1.0) if kind == 'sgd' else torch.optim.Adam(model.parameters(), lr=1.0)
opt.load_state_dict(ckpt['optimizer'])
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.9)
sched.load_state_dict(ckpt['scheduler'])
for p, g in zip(model.parameters(), grads):
    p.grad = torch.tensor(g, dtype=torch.float32)
opt.step()
sched.step()
print(json.dumps({
    'params': [p.detach().flatten().tolist() for p in model.parameters()],
    'lr': opt.param_groups[0]['lr'],
    'last_epoch': sched.last_epoch,
}))
