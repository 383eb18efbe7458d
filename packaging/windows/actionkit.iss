; Inno Setup script for ActionKit on Windows.
; Build on Windows after `pyinstaller packaging\pyinstaller\actionkit.spec` produced dist\actionkit:
;   iscc /DAppVersion=0.1.0 packaging\windows\actionkit.iss
; The version comes from pyproject.toml (CI passes it with /DAppVersion).
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F2B8C1E-8E0B-4C37-9B1C-2D7A5B3E9A41}
AppName=ActionKit
AppVersion={#AppVersion}
AppPublisher=ActionKit contributors
DefaultDirName={autopf}\ActionKit
DefaultGroupName=ActionKit
OutputDir=..\..\dist
OutputBaseFilename=ActionKit-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
LicenseFile=..\..\LICENSE
SetupIconFile=actionkit.ico
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "german"; MessagesFile: "compiler:Languages\German.isl"
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Files]
Source: "..\..\dist\actionkit\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\ActionKit"; Filename: "{app}\actionkit.exe"
Name: "{autodesktop}\ActionKit"; Filename: "{app}\actionkit.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Run]
Filename: "{app}\actionkit.exe"; Parameters: "--self-test"; Flags: runhidden; StatusMsg: "Checking the installation..."
