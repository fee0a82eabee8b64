# The whole test matrix (the tox equivalent). PowerShell cannot be installed on the machines this
# project is built on, so this is a thin wrapper: the steps live in run-tests.sh, run by bash.
$ErrorActionPreference = 'Stop'
& bash (Join-Path $PSScriptRoot 'run-tests.sh') @args
exit $LASTEXITCODE
