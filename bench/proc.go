package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"runtime/pprof"
	"strings"
	"syscall"
)

// procStatusKB reads a kB field (VmRSS, VmHWM) of this process's
// /proc/self/status, or -1 where there is none (not Linux).
func procStatusKB(field string) int64 { return pidStatusKB(os.Getpid(), field) }

// pidStatusKB reads a kB field of /proc/PID/status, or -1.
func pidStatusKB(pid int, field string) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if ok && name == field {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(rest), "%d", &kb)
			return kb
		}
	}
	return -1
}

// cpuSeconds is the CPU time this process has used, user and system, all
// threads: unlike wall time, it does not count the time other processes
// on a busy machine hold the cores.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// startProfile starts a CPU profile into path; the returned func stops it.
func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
