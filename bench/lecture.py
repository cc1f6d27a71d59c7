#!/usr/bin/env python3
"""The lecture's five optimizers, as its slides print them, in pure Python.

    python3 bench/lecture.py table [--fn NAME] [--steps N]   # the lecture's tables
    python3 bench/lecture.py golden DIR --fn NAME [--steps N]
    python3 bench/lecture.py bench [STEPS]                  # time STEPS iterations of each

The code is the lecture's, with math.sqrt in place of np.sqrt (numpy is not
needed; both are the correctly rounded square root), without its x_values
and f_values lists, and with the prints skipped in the timed loop: the
timings are a lower bound for the lecture's own code. optirace's golden files
and BENCHMARKS.md come from here.

--fn runs the same loops on another of optirace's landscapes, written as a
Python port of the lecture would write them: bumpy is x**2 + 10*math.sin(x)
with gradient 2*x + 10*math.cos(x), quartic x**4 with gradient 4*x**3.

golden writes DIR/<optimizer>.golden, the lines `table` prints (up to an
OverflowError, where Python stops and optirace prints inf), and
DIR/<optimizer>.libm, every call of the C library (math.sin, math.cos and
the ** of x**n, grad**2 and beta**t) that was not correctly rounded, one per
line: iteration, call, argument, exponent, the C library's result and the
correctly rounded one, floats in hexadecimal. testdata/python comes from:

    python3 bench/lecture.py golden testdata/python/bumpy --fn bumpy --steps 200
    python3 bench/lecture.py golden testdata/python/quartic --fn quartic --steps 200

optirace computes every such value correctly rounded, so its table matches
these lines up to the first iteration listed in the .libm file, and from
there may differ in the last digits (cli/python_test.go checks both).
"""
import argparse
import math
import os
import platform
import time
from decimal import Decimal, localcontext
from fractions import Fraction


def f(x):
    return x**2


def gradient(x):
    return 2 * x


def gradient_descent(x, learning_rate, n, out):
    for i in range(n):
        grad = gradient(x)
        x = x - learning_rate * grad
        if out is not None:
            out(f"Iteration {i+1}: x = {x}, f(x) = {f(x)}")
    return x


def gradient_descent_with_momentum(x, learning_rate, momentum_factor, n, out):
    velocity = 0
    for i in range(n):
        grad = gradient(x)
        velocity = momentum_factor * velocity - learning_rate * grad
        x = x + velocity
        if out is not None:
            out(f"Iteration {i+1}: x = {x}, f(x) = {f(x)}, velocity = {velocity}")
    return x


def adagrad(x, learning_rate, n, out, epsilon=1e-8):
    grad_squared_sum = 0
    for i in range(n):
        grad = gradient(x)
        grad_squared_sum += grad**2
        adjusted_learning_rate = learning_rate / (math.sqrt(grad_squared_sum) + epsilon)
        x = x - adjusted_learning_rate * grad
        if out is not None:
            out(f"Iteration {i+1}: x = {x}, f(x) = {f(x)}, learning rate = {adjusted_learning_rate}")
    return x


def rmsprop(x, learning_rate, n, out, decay_rate=0.9, epsilon=1e-8):
    grad_squared_avg = 0
    for i in range(n):
        grad = gradient(x)
        grad_squared_avg = decay_rate * grad_squared_avg + (1 - decay_rate) * grad**2
        adjusted_learning_rate = learning_rate / (math.sqrt(grad_squared_avg) + epsilon)
        x = x - adjusted_learning_rate * grad
        if out is not None:
            out(f"Iteration {i+1}: x = {x}, f(x) = {f(x)}, learning rate = {adjusted_learning_rate}")
    return x


def adam(x, learning_rate, n, out, beta1=0.9, beta2=0.999, epsilon=1e-8):
    m = 0
    v = 0
    t = 0
    for i in range(n):
        t += 1
        grad = gradient(x)
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        x = x - learning_rate * m_hat / (math.sqrt(v_hat) + epsilon)
        if out is not None:
            out(f"Iteration {i+1}: x = {x}, f(x) = {f(x)}, m = {m}, v = {v}")
    return x


RUNS = {
    "gd": lambda n, out: gradient_descent(10, 0.1, n, out),
    "gdm": lambda n, out: gradient_descent_with_momentum(10, 0.1, 0.9, n, out),
    "adagrad": lambda n, out: adagrad(10, 1, n, out, 1e-8),
    "rmsprop": lambda n, out: rmsprop(10, 1, n, out, 0.9, 1e-8),
    "adam": lambda n, out: adam(10, 0.5, n, out, 0.9, 0.999, 1e-8),
}

# Adam's β₁ and β₂ as RUNS passes them, for the check of beta**t.
ADAM_BETAS = (0.9, 0.999)


# optirace's other landscapes, as a Python port of the lecture would write
# them (f, gradient).
LANDSCAPES = {
    "quadratic": (f, gradient),
    "steep": (lambda x: 10 * x**2, lambda x: 20 * x),
    "quartic": (lambda x: x**4, lambda x: 4 * x**3),
    "bumpy": (lambda x: x**2 + 10 * math.sin(x), lambda x: 2 * x + 10 * math.cos(x)),
}


def use_landscape(name):
    """Rebinds the lecture's f and gradient, which its loops call by name."""
    global f, gradient
    f, gradient = LANDSCAPES[name]


def exact_sin_cos(x, cos):
    """sin x or cos x correctly rounded, from 60 significant digits."""
    with localcontext() as ctx:
        ctx.prec = 70
        pi = 16 * _atan_inv(5) - 4 * _atan_inv(239)
        r = Decimal(x) % (2 * pi)  # Decimal(x) is x exactly
        if cos:
            r = pi / 2 - r
        term, total, n = r, r, 1
        while abs(term) > Decimal(10) ** -75:
            term = -term * r * r / ((n + 1) * (n + 2))
            total += term
            n += 2
        return float(Fraction(total))  # rounded once, to nearest even


def _atan_inv(n):
    x = Decimal(1) / n
    total, power, k = x, x, 1
    while True:
        power *= x * x
        term = power / (2 * k + 1)
        if term < Decimal(10) ** -80:
            return total
        total += -term if k % 2 else term
        k += 1


# The powers x**n each landscape's f and gradient compute, as (function, n).
POWERS = {
    "quadratic": [("f", 2)],
    "steep": [("f", 2)],
    "quartic": [("f", 4), ("gradient", 3)],
    "bumpy": [("f", 2)],
}


def misrounded_calls(name, fn, xs):
    """Lists the C library calls of run `name` on landscape `fn` that were
    not correctly rounded, given the run's x₀, x₁, …: every argument the
    run passed to sin, cos and ** follows from them."""
    bad = []

    def check_pow(i, what, base, n):
        got = base**n
        want = float(Fraction(base) ** n)
        if got != want:
            bad.append(f"{i} {what} {base.hex()} {n} {got.hex()} {want.hex()}")

    def check_trig(i, fname, x):
        got = getattr(math, fname)(x)
        want = exact_sin_cos(x, fname == "cos")
        if got != want:
            bad.append(f"{i} {fname} {x.hex()} 1 {got.hex()} {want.hex()}")

    uses_square = name in ("adagrad", "rmsprop", "adam")
    for i in range(1, len(xs)):
        prev, x = xs[i - 1], xs[i]
        # gradient(prev), then grad**2, beta**t, and f(x) in the print.
        for where, n in POWERS[fn]:
            if where == "gradient":
                check_pow(i, f"x**{n}", prev, n)
        if fn == "bumpy":
            check_trig(i, "cos", prev)
        if uses_square:
            check_pow(i, "grad**2", LANDSCAPES[fn][1](prev), 2)
        if name == "adam":
            for beta in ADAM_BETAS:
                check_pow(i, "beta**t", beta, i)
        for where, n in POWERS[fn]:
            if where == "f":
                check_pow(i, f"x**{n}", x, n)
        if fn == "bumpy":
            check_trig(i, "sin", x)
    return bad


def golden(directory, fn, steps):
    use_landscape(fn)
    os.makedirs(directory, exist_ok=True)
    for name, run in RUNS.items():
        lines = []
        stopped = ""
        try:
            run(steps, lines.append)
        except OverflowError as err:
            stopped = f"# OverflowError ({err}) in iteration {len(lines) + 1}: the run stops there\n"
        xs = [10.0] + [float(line.split("x = ")[1].split(",")[0]) for line in lines]
        with open(os.path.join(directory, name + ".golden"), "w") as out:
            out.write("".join(line + "\n" for line in lines))
        with open(os.path.join(directory, name + ".libm"), "w") as out:
            libc = " ".join(platform.libc_ver()) or platform.platform()
            out.write(f"# {name} on {fn}, {steps} iterations: C library ({libc}) calls not correctly rounded\n")
            out.write(stopped)
            out.write("# iteration call argument exponent got correctly-rounded\n")
            out.write("".join(line + "\n" for line in misrounded_calls(name, fn, xs)))


def bench(steps):
    # The timed loops skip the print, as Go's benchmarks time the step only.
    # million: one run of `steps` iterations from x0 = 10; once converged the
    # numbers are subnormal (GD sits at 5e-324), slow in any language.
    # lecture: the lecture's 25 iterations, repeated to `steps` in all.
    for shape, runs, n in (("million", 1, steps), ("lecture", steps // 25, 25)):
        for name, run in RUNS.items():
            times = []
            for _ in range(5):
                start = time.perf_counter()
                for _ in range(runs):
                    run(n, None)
                times.append((time.perf_counter() - start) / (runs * n) * 1e9)
            times.sort()
            print(f"{shape}/{name}\t{times[2]:.1f} ns/step (median of 5)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode")
    table = sub.add_parser("table", help="print the lecture's tables")
    gold = sub.add_parser("golden", help="write golden files and the misrounded C library calls")
    gold.add_argument("dir")
    for p in (table, gold):
        p.add_argument("--fn", choices=LANDSCAPES, default="quadratic")
        p.add_argument("--steps", type=int, default=25)
    timed = sub.add_parser("bench", help="time each optimizer's step")
    timed.add_argument("steps", nargs="?", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.mode == "golden":
        golden(args.dir, args.fn, args.steps)
    elif args.mode == "bench":
        bench(args.steps)
    else:
        use_landscape(getattr(args, "fn", "quadratic"))
        for name, run in RUNS.items():
            print(f"# {name}")
            run(getattr(args, "steps", 25), print)


if __name__ == "__main__":
    main()
