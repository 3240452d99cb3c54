; Inno Setup script for the Windows installer (see the README, "Installable app").
; Build the bundle on Windows first (python packaging\build.py), then:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\review-coder.iss
; The installer puts the app in Program Files, adds a Start menu entry and registers .rcproj.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6B1B7B52-3C1D-4E4A-9A2E-2F0C9C2B7A11}
AppName=Review Coder
AppVersion={#AppVersion}
AppPublisher=Review Coder developers
AppPublisherURL=https://example.invalid/review-coder
DefaultDirName={autopf}\Review Coder
DefaultGroupName=Review Coder
LicenseFile=..\..\LICENSE
OutputDir=..\..\dist
OutputBaseFilename=review-coder-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
ChangesAssociations=yes
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "..\..\dist\review-coder\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Review Coder"; Filename: "{app}\review-coder.exe"
Name: "{group}\Uninstall Review Coder"; Filename: "{uninstallexe}"

[Registry]
Root: HKA; Subkey: "Software\Classes\.rcproj"; ValueType: string; ValueName: ""; ValueData: "ReviewCoder.Project"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\ReviewCoder.Project"; ValueType: string; ValueName: ""; ValueData: "Review Coder project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\ReviewCoder.Project\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\review-coder.exe,0"
Root: HKA; Subkey: "Software\Classes\ReviewCoder.Project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\review-coder.exe"" ""%1"""

[Run]
Filename: "{app}\review-coder.exe"; Description: "Start Review Coder"; Flags: nowait postinstall skipifsilent
