# Oracle for tests/data/resize.test.ts: real torch bilinear interpolation (align_corners=False, antialias=False).
# stdin: JSON list of {channels, inH, inW, outH, outW, data}; stdout: per case the float result and torchvision-style uint8.
import sys, json, torch
import torch.nn.functional as F
cases = json.load(sys.stdin)
out = []
for c in cases:
    x = torch.tensor(c['data'], dtype=torch.float32).reshape(1, c['channels'], c['inH'], c['inW'])
    y = F.interpolate(x, size=(c['outH'], c['outW']), mode='bilinear', align_corners=False, antialias=False)
    out.append({'float': y.flatten().tolist(), 'uint8': torch.round(y).clamp(0, 255).to(torch.uint8).flatten().tolist()})
json.dump(out, sys.stdout)
