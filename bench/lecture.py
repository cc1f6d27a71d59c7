#!/usr/bin/env python3
"""The lecture's five optimizers, as its slides print them, in pure Python.

    python3 bench/lecture.py table            # the lecture's 25-line tables
    python3 bench/lecture.py bench [STEPS]    # time STEPS iterations of each

The code is the lecture's, with math.sqrt in place of np.sqrt (numpy is not
needed; both are the correctly rounded square root), without its x_values
and f_values lists, and with the prints skipped in the timed loop: the
timings are a lower bound for the lecture's own code. optirace's golden file and BENCHMARKS.md come from here.
"""
import math
import sys
import time


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


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "table"
    if mode == "table":
        for name, run in RUNS.items():
            print(f"# {name}")
            run(25, print)
        return
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
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


if __name__ == "__main__":
    main()
