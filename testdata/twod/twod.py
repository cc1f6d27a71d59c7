#!/usr/bin/env python3
"""An implementation of optirace's five 2-D landscapes and the lecture's five
optimizers on them, independent of optirace's Go code, for cli/twod_test.go.

    python3 testdata/twod/twod.py testdata/twod     # rewrites the .golden files

The landscapes are evaluated as issue 17 writes them (usual precedence, left
to right: 10*y*y is (10*y)*y), in Python floats, which round every operation
and never fuse a multiply-add. The optimizers are the lecture's code applied
to each coordinate, as numpy applies it to arrays elementwise (g*g for
grad**2, math.sqrt for np.sqrt, both correctly rounded), with both partial
derivatives taken at the old point and Adam's bias correction from the
shared step count, beta**t correctly rounded (from fractions, as the C
library's pow rounds it in nearly every case). Python's float arithmetic
gives inf and nan past overflow, as numpy's does; nothing here raises.

For each case (a command line of `optirace table --format csv`) and each
optimizer, a .golden file holds the SHA-256 of that optimizer's CSV rows,
every row from t = 0 to the last, and its first three rows and its last in
full, to show where a mismatch starts.
"""
import hashlib
import math
import os
import sys
from fractions import Fraction

# The landscapes, exactly as issue 17 writes them.


def bowl(x, y):
    return x * x + 10 * y * y, (2 * x, 20 * y)


def rosenbrock(x, y):
    d = y - x * x
    f = (1 - x) * (1 - x) + 100 * (d * d)
    return f, (-2 * (1 - x) - 400 * x * d, 200 * d)


def beale(x, y):
    a = 1.5 - x + x * y
    b = 2.25 - x + x * y * y
    c = 2.625 - x + x * y * y * y
    f = a * a + b * b + c * c
    gx = 2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1)
    gy = 2 * a * x + 2 * b * (2 * x * y) + 2 * c * (3 * x * y * y)
    return f, (gx, gy)


def saddle(x, y):
    return x * x - y * y + y * y * y * y / 4, (2 * x, -2 * y + y * y * y)


def himmelblau(x, y):
    a = x * x + y - 11
    b = x + y * y - 7
    return a * a + b * b, (4 * x * a + 2 * b, 2 * a + 4 * y * b)


LANDSCAPES = {
    "bowl": (bowl, (-8.0, 2.0)),
    "rosenbrock": (rosenbrock, (-1.2, 1.0)),
    "beale": (beale, (1.0, 1.5)),
    "saddle": (saddle, (8.0, 0.001)),
    "himmelblau": (himmelblau, (0.0, 0.0)),
}

# Each landscape's default hyperparameters (optimizers/objective.go), and
# the lecture's.
LECTURE = {"gd.lr": 0.1, "gdm.lr": 0.1, "gdm.momentum": 0.9, "adagrad.lr": 1.0, "rmsprop.lr": 1.0,
           "rmsprop.decay": 0.9, "adam.lr": 0.5, "adam.beta1": 0.9, "adam.beta2": 0.999, "eps": 1e-8}
DEFAULTS = {
    "bowl": {"gd.lr": 0.09, "gdm.lr": 0.02, "adagrad.lr": 1.0, "rmsprop.lr": 0.1, "adam.lr": 0.5},
    "rosenbrock": {"gd.lr": 0.002, "gdm.lr": 0.002, "adagrad.lr": 0.5, "rmsprop.lr": 0.005, "adam.lr": 0.1},
    "beale": {"gd.lr": 0.03, "gdm.lr": 0.005, "adagrad.lr": 1.0, "rmsprop.lr": 0.002, "adam.lr": 0.1},
    "saddle": {"gd.lr": 0.02, "gdm.lr": 0.02, "adagrad.lr": 1.0, "rmsprop.lr": 0.05, "adam.lr": 0.2},
    "himmelblau": {"gd.lr": 0.01, "gdm.lr": 0.02, "gdm.momentum": 0.85, "adagrad.lr": 1.0, "rmsprop.lr": 0.01, "adam.lr": 0.5},
}

# The lecture's code, per coordinate. Each yields, after each iteration, the
# point, f, and the optimizer's quantities by CSV column.


def gd(fg, p, h):
    lr = h["gd.lr"]
    x = list(p)
    while True:
        _, g = fg(*x)
        step = [lr * g[i] for i in range(2)]
        x = [x[i] - step[i] for i in range(2)]
        yield x, {"grad": g, "step": step}


def gdm(fg, p, h):
    lr, momentum = h["gdm.lr"], h["gdm.momentum"]
    x, velocity = list(p), [0.0, 0.0]
    while True:
        _, g = fg(*x)
        velocity = [momentum * velocity[i] - lr * g[i] for i in range(2)]
        x = [x[i] + velocity[i] for i in range(2)]
        yield x, {"grad": g, "velocity": velocity}


def adagrad(fg, p, h):
    lr, eps = h["adagrad.lr"], h["eps"]
    x, grad_squared_sum = list(p), [0.0, 0.0]
    while True:
        _, g = fg(*x)
        grad_squared_sum = [grad_squared_sum[i] + g[i] * g[i] for i in range(2)]
        adjusted = [lr / (math.sqrt(grad_squared_sum[i]) + eps) for i in range(2)]
        step = [adjusted[i] * g[i] for i in range(2)]
        x = [x[i] - step[i] for i in range(2)]
        yield x, {"grad": g, "G": grad_squared_sum, "lr": adjusted, "step": step}


def rmsprop(fg, p, h):
    lr, decay, eps = h["rmsprop.lr"], h["rmsprop.decay"], h["eps"]
    x, avg = list(p), [0.0, 0.0]
    while True:
        _, g = fg(*x)
        avg = [decay * avg[i] + (1 - decay) * (g[i] * g[i]) for i in range(2)]
        adjusted = [lr / (math.sqrt(avg[i]) + eps) for i in range(2)]
        step = [adjusted[i] * g[i] for i in range(2)]
        x = [x[i] - step[i] for i in range(2)]
        yield x, {"grad": g, "Eg2": avg, "lr": adjusted, "step": step}


def pow_rounded(beta, t):
    """beta**t correctly rounded."""
    return float(Fraction(beta) ** t)


def adam(fg, p, h):
    lr, beta1, beta2, eps = h["adam.lr"], h["adam.beta1"], h["adam.beta2"], h["eps"]
    x, m, v, t = list(p), [0.0, 0.0], [0.0, 0.0], 0
    while True:
        _, g = fg(*x)
        t += 1
        m = [beta1 * m[i] + (1 - beta1) * g[i] for i in range(2)]
        v = [beta2 * v[i] + (1 - beta2) * (g[i] * g[i]) for i in range(2)]
        m_hat = [m[i] / (1 - pow_rounded(beta1, t)) for i in range(2)]
        v_hat = [v[i] / (1 - pow_rounded(beta2, t)) for i in range(2)]
        denom = [math.sqrt(v_hat[i]) + epsilon for i, epsilon in ((0, eps), (1, eps))]
        step = [lr * m_hat[i] / denom[i] for i in range(2)]
        x = [x[i] - step[i] for i in range(2)]
        yield x, {"grad": g, "m": m, "v": v, "m_hat": m_hat, "v_hat": v_hat, "lr": [lr / d for d in denom], "step": step}


OPTIMIZERS = [("gd", "GD", gd), ("gdm", "GDM", gdm), ("adagrad", "AdaGrad", adagrad),
              ("rmsprop", "RMSProp", rmsprop), ("adam", "Adam", adam)]
# The columns after x, y and f, and which optimizer has which.
VECTORS = ["grad", "velocity", "G", "Eg2", "m", "v", "m_hat", "v_hat", "lr", "step"]
FROM_STEP = {"grad", "m_hat", "v_hat", "lr", "step"}
SETTINGS = {"gd": ["alpha"], "gdm": ["alpha", "momentum"], "adagrad": ["alpha", "eps"],
            "rmsprop": ["alpha", "decay", "eps"], "adam": ["alpha", "beta1", "beta2", "eps"]}
SETTING_FLAG = {"momentum": "gdm.momentum", "decay": "rmsprop.decay", "beta1": "adam.beta1", "beta2": "adam.beta2", "eps": "eps"}


def rows(fn, start, h, tol, steps):
    """Every optimizer's CSV rows, as optirace table --format csv writes them."""
    fg = LANDSCAPES[fn][0]
    out = {}
    for lane, (oid, label, run) in enumerate(OPTIMIZERS, 1):
        has = {"gd": {"grad", "step"}, "gdm": {"grad", "velocity"}, "adagrad": {"grad", "G", "lr", "step"},
               "rmsprop": {"grad", "Eg2", "lr", "step"},
               "adam": {"grad", "m", "v", "m_hat", "v_hat", "lr", "step"}}[oid]
        record = [fn, repr(start[0]), repr(start[1])]
        for col in ["alpha", "momentum", "decay", "beta1", "beta2", "eps"]:
            if col not in SETTINGS[oid]:
                record.append("")
            elif col == "alpha":
                record.append(repr(h[oid + ".lr"]))
            else:
                record.append(repr(h[SETTING_FLAG[col]]))
        record.append(repr(tol))
        state = {"velocity": [0.0, 0.0], "G": [0.0, 0.0], "Eg2": [0.0, 0.0], "m": [0.0, 0.0], "v": [0.0, 0.0]}
        lines = []
        x = list(start)
        it = run(fg, start, h)
        for t in range(steps + 1):
            if t > 0:
                x, q = next(it)
                state.update(q)
            cells = [oid, str(lane), label, str(t), repr(x[0]), repr(x[1]), repr(fg(*x)[0])]
            for col in VECTORS:
                for i in range(2):
                    if col not in has or (t == 0 and col in FROM_STEP):
                        cells.append("")
                    else:
                        cells.append(repr(state[col][i]))
            lines.append(",".join(cells + record))
        out[oid] = lines
    return out


def cases():
    """Every landscape from its own start and defaults, from another start with
    settings of every kind, with only y0 given, and at the lecture's rates."""
    other_start = {"bowl": (3.5, -1.25), "rosenbrock": (-1.5, 2.0), "beale": (2.0, -1.0),
                   "saddle": (-3.0, -0.5), "himmelblau": (-1.0, 1.0)}
    only_y0 = {"bowl": -0.7, "rosenbrock": 0.5, "beale": 0.7, "saddle": -0.001, "himmelblau": -1.0}
    mixed = {"gd.lr": 0.004, "gdm.lr": 0.003, "gdm.momentum": 0.5, "adagrad.lr": 0.3, "rmsprop.lr": 0.02,
             "rmsprop.decay": 0.5, "adam.lr": 0.05, "adam.beta1": 0.8, "adam.beta2": 0.99, "eps": 1e-6}
    for fn, (_, start) in LANDSCAPES.items():
        own = dict(LECTURE, **DEFAULTS[fn])
        yield fn, [], start, own, 0.001, 300
        s = other_start[fn]
        args = ["--x0", repr(s[0]), "--y0", repr(s[1]), "--tol", "0.01"]
        for k, v in mixed.items():
            args += ["--" + k, repr(v)]
        yield fn, args, s, dict(own, **mixed), 0.01, 300
        yield fn, ["--y0", repr(only_y0[fn])], (start[0], only_y0[fn]), own, 0.001, 100
        args = []
        for k, v in LECTURE.items():
            args += ["--" + k, repr(v)]
        yield fn, args, start, dict(LECTURE), 0.001, 100


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(__file__)
    files = {}
    for fn, args, start, h, tol, steps in cases():
        cmd = ["table", "--format", "csv", "--fn", fn, "--steps", str(steps)] + args
        block = ["case " + " ".join(cmd)]
        for oid, lines in rows(fn, start, h, tol, steps).items():
            digest = hashlib.sha256("".join(line + "\n" for line in lines).encode()).hexdigest()
            block.append(f"sha256 {oid} {len(lines)} {digest}")
            for line in lines[:3] + lines[-1:]:
                block.append("row " + line)
        files.setdefault(fn, []).append("\n".join(block))
    for fn, blocks in files.items():
        with open(os.path.join(outdir, fn + ".golden"), "w") as out:
            out.write("# made by testdata/twod/twod.py: optirace table --format csv, case by case\n")
            out.write("\n\n".join(blocks) + "\n")


if __name__ == "__main__":
    main()
